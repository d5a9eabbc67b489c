package io.github.meprop.kernels.internal;

import java.util.Arrays;

/**
 * Reusable per-thread buffers of the sparse backward compositions ({@link LinearTask}): the offsets
 * of a fixed-k selection, and a gathered block of dY's columns with the list of the rows of W they
 * belong to (the unified selection's shared set, or the union of a per-example selection for the
 * dense crossover). One instance per thread ({@link #get}); the arrays grow to the largest shape
 * seen and are kept, so that a call allocates nothing once warm. The block and the row list are
 * written by the calling thread before a call is split and only read by the parts.
 */
final class SelectionScratch {
    private static final ThreadLocal<SelectionScratch> LOCAL = ThreadLocal.withInitial(SelectionScratch::new);

    private int[] offsets = new int[1];
    private int offsetsK = 0;
    private int offsetsBatch = 0;
    private float[] block = new float[0];
    private int[] rows = new int[0];
    private int[] column = new int[0];

    private SelectionScratch() {}

    static SelectionScratch get() {
        return LOCAL.get();
    }

    /** {@code offsets[r] = r·k} for r in 0..batch: the CSR form of a fixed-k selection (rewritten only when batch or k change). */
    int[] fixedOffsets(int batch, int k) {
        if (offsets.length < batch + 1) {
            offsets = new int[batch + 1];
            offsetsBatch = -1;
        }
        if (offsetsBatch != batch || offsetsK != k) {
            for (int r = 0; r <= batch; r++) {
                offsets[r] = r * k;
            }
            offsetsBatch = batch;
            offsetsK = k;
        }
        return offsets;
    }

    /** Writes {@code dy[r, idx[t]]} to {@code g[r·k + t]} and returns g (length ≥ batch·k). Cost: batch·k. */
    float[] gatherColumns(float[] dy, int batch, int out, int[] idx, int k) {
        float[] g = block(batch * k);
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
     * The union U of a per-example selection (the rows of W that at least one example selected),
     * ascending, into {@link #rows()}{@code [0 .. u)}, and the block {@code g[r·u + t] = dy[r, U[t]]}
     * if example r selected U[t], else +0, into {@link #block()}; returns u. The block is dY masked
     * to the selection and restricted to the columns in U. Cost: out + batch·u stores + the
     * selected pairs.
     */
    int gatherUnion(float[] dy, int[] offs, int[] idx, int batch, int out) {
        if (column.length < out) {
            column = new int[out];
            rows = new int[out];
        }
        int[] col = column;
        Arrays.fill(col, 0, out, -1);
        for (int p = offs[0], e = offs[batch]; p < e; p++) {
            col[idx[p]] = 0;
        }
        int u = 0;
        for (int j = 0; j < out; j++) {
            if (col[j] == 0) {
                col[j] = u;
                rows[u++] = j;
            }
        }
        float[] g = block(batch * u);
        for (int r = 0; r < batch; r++) {
            int dst = r * u;
            Arrays.fill(g, dst, dst + u, 0f);
            int src = r * out;
            for (int p = offs[r], e = offs[r + 1]; p < e; p++) {
                int j = idx[p];
                g[dst + col[j]] = dy[src + j];
            }
        }
        return u;
    }

    /** The block of the last {@link #gatherColumns} or {@link #gatherUnion}. */
    float[] block() {
        return block;
    }

    /** The row list of the last {@link #gatherUnion}. */
    int[] rows() {
        return rows;
    }

    private float[] block(int n) {
        if (block.length < n) {
            block = new float[n];
        }
        return block;
    }
}
