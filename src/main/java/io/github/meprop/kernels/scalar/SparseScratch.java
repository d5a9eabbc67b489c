package io.github.meprop.kernels.scalar;

/**
 * Reusable per-thread scratch of the per-example sparse weight gradient (both twins): the
 * (example, row) pairs of a selection grouped by row with a counting sort, O(selected pairs), so
 * that the kernel reads and writes each selected row of dW once per batch. One instance per thread
 * ({@link #get}); the arrays grow to the largest shape seen and are kept, so that a call allocates
 * nothing once warm.
 */
public final class SparseScratch {
    private static final ThreadLocal<SparseScratch> LOCAL = ThreadLocal.withInitial(SparseScratch::new);

    private int[] start = new int[1];
    private int[] cursor = new int[0];
    private int[] examples = new int[0];
    private float[] grads = new float[0];

    private SparseScratch() {}

    /** The calling thread's scratch. */
    public static SparseScratch get() {
        return LOCAL.get();
    }

    /**
     * Groups the pairs {@code (r, j = idx[p])}, p in {@code [offsets[r], offsets[r+1])}, with j in
     * {@code [j0, j1)} by row j. Afterwards row j's examples are {@code examples()[p]} for p in
     * {@code [starts()[j-j0], starts()[j-j0+1])}, in ascending order, and
     * {@code grads()[p] = dy[r·out + j]} is the matching gradient.
     */
    public void groupByRow(float[] dy, int[] offsets, int[] idx, int batch, int out, int j0, int j1) {
        int rows = j1 - j0;
        int first = offsets[0];
        int last = offsets[batch];
        int pairs = last - first;
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
        for (int p = first; p < last; p++) {
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
            int y0 = r * out + j0;
            for (int p = offsets[r], e = offsets[r + 1]; p < e; p++) {
                int j = idx[p] - j0;
                if (j >= 0 && j < rows) {
                    int q = c[j]++;
                    ex[q] = r;
                    gr[q] = dy[y0 + j];
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
}
