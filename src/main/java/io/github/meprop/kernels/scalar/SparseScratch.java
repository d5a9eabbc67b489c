package io.github.meprop.kernels.scalar;

/**
 * Reusable per-thread scratch of the sparse backward kernels (no allocation once warm):
 * <ul>
 *   <li>{@link #groupByRow}: the (example, row) pairs of a per-example selection grouped by row with
 *       a counting sort, O(batch·k) time, so that the weight gradient reads and writes each selected
 *       row of dW once per batch;</li>
 *   <li>{@link #gatherColumns}: the block {@code dy[:, S]} of a unified selection, {@code [batch × k]};</li>
 *   <li>{@link #maskRows}: a copy of dy with only each example's selected entries, for the dense
 *       kernels when k is large (the crossover of {@code Linear.backwardSparse}).</li>
 * </ul>
 * One instance per thread ({@link #get}); the arrays grow to the largest shape seen and are kept.
 */
public final class SparseScratch {
    private static final ThreadLocal<SparseScratch> LOCAL = ThreadLocal.withInitial(SparseScratch::new);

    private int[] start = new int[1];
    private int[] cursor = new int[0];
    private int[] examples = new int[0];
    private float[] grads = new float[0];
    private float[] gathered = new float[0];
    private float[] masked = new float[0];

    private SparseScratch() {}

    /** The calling thread's scratch. */
    public static SparseScratch get() {
        return LOCAL.get();
    }

    /**
     * Groups the pairs {@code (r, j = idx[r·k + t])} with j in {@code [j0, j1)} by row j. Afterwards
     * row j's examples are {@code examples()[p]} for p in {@code [starts()[j-j0], starts()[j-j0+1])},
     * in ascending order, and {@code grads()[p] = dy[r·out + j]} is the matching gradient.
     */
    public void groupByRow(float[] dy, int[] idx, int k, int batch, int out, int j0, int j1) {
        int rows = j1 - j0;
        int pairs = batch * k;
        if (start.length < rows + 1) {
            start = new int[rows + 1];
            cursor = new int[rows];
        }
        if (examples.length < pairs) {
            examples = new int[pairs];
            grads = new float[pairs];
        }
        int[] s = start;
        java.util.Arrays.fill(s, 0, rows + 1, 0);
        for (int p = 0; p < pairs; p++) {
            int j = idx[p] - j0;
            if (j >= 0 && j < rows) {
                s[j + 1]++;
            }
        }
        for (int j = 0; j < rows; j++) {
            s[j + 1] += s[j];
        }
        int[] c = cursor;
        System.arraycopy(s, 0, c, 0, rows);
        int[] ex = examples;
        float[] gr = grads;
        for (int r = 0; r < batch; r++) {
            int base = r * k;
            for (int t = 0; t < k; t++) {
                int j = idx[base + t] - j0;
                if (j >= 0 && j < rows) {
                    int p = c[j]++;
                    ex[p] = r;
                    gr[p] = dy[r * out + j + j0];
                }
            }
        }
    }

    /** Row starts of the last {@link #groupByRow}: length at least rows + 1. */
    public int[] starts() {
        return start;
    }

    /** Example ids of the last {@link #groupByRow}, grouped by row. */
    public int[] examples() {
        return examples;
    }

    /** Gradients dy[r, j] of the last {@link #groupByRow}, in the order of {@link #examples()}. */
    public float[] grads() {
        return grads;
    }

    /** Writes {@code dy[r, idx[t]]} to {@code g[r·k + t]} and returns g (this thread's buffer, length ≥ batch·k). */
    public float[] gatherColumns(float[] dy, int batch, int out, int[] idx, int k) {
        int n = batch * k;
        if (gathered.length < n) {
            gathered = new float[n];
        }
        float[] g = gathered;
        for (int r = 0; r < batch; r++) {
            int src = r * out;
            int dst = r * k;
            for (int t = 0; t < k; t++) {
                g[dst + t] = dy[src + idx[t]];
            }
        }
        return g;
    }

    /**
     * Writes dy with every entry zeroed except {@code dy[r, idx[r·k + t]]} into this thread's buffer
     * ({@code [batch × out]}, length ≥ batch·out) and returns it. Cost: batch·out stores + batch·k.
     */
    public float[] maskRows(float[] dy, int[] idx, int k, int batch, int out) {
        int n = batch * out;
        if (masked.length < n) {
            masked = new float[n];
        }
        float[] m = masked;
        java.util.Arrays.fill(m, 0, n, 0f);
        for (int r = 0; r < batch; r++) {
            int base = r * k;
            int row = r * out;
            for (int t = 0; t < k; t++) {
                int j = row + idx[base + t];
                m[j] = dy[j];
            }
        }
        return m;
    }
}
