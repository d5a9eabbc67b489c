package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.LinearKernel;

/**
 * The linear-layer operations composed from the range kernels of a {@link LinearKernel}, and split
 * into parts over a {@link Parallelism} (the only place they are composed: a serial call is this
 * with {@link Parallelism#serial()}):
 * <ul>
 *   <li>forward: by blocks of output columns (rows of W);</li>
 *   <li>dense backward: dx by blocks of examples, dw and db by blocks of rows of W;</li>
 *   <li>per-example sparse backward (CSR selection): dx by blocks of examples, dw and db by blocks
 *       of rows of W, each part grouping only the selected pairs in its rows; above the crossover
 *       ({@link #sparseRunsDense(int, int, int)}) the dense kernels on the block of dY masked to the
 *       selection and restricted to the union U of the selected rows: dx by examples, dW[U] by
 *       positions in U, db by columns;</li>
 *   <li>unified backward: the same on the gathered block dY[:, S] of the shared set S.</li>
 * </ul>
 * Every output element belongs to exactly one part and is computed by the same range kernel as in
 * the serial call, so the result is the same bit for bit for any thread count. Blocks and row lists
 * are gathered by the calling thread ({@link SelectionScratch}) before the parts run.
 *
 * <p>Unselected rows: with {@code add == false} a sparse backward overwrites exactly the rows of dw
 * that some example selected (the union), in both branches; the other rows are not written. db is
 * always the column sums of all of dY.
 *
 * <p>One reusable instance per calling thread (no allocation per call); its array references are
 * cleared after each call.
 */
public final class LinearTask implements Parts.Task {
    /** Below this many multiply-adds a call runs on the calling thread: dispatch would cost more. */
    static final long MIN_PARALLEL_WORK = 1L << 15;

    /**
     * Above this fraction of selected entries of dY, the per-example sparse backward runs the dense
     * kernels instead (published, with the measurements behind it, as
     * {@code io.github.meprop.kernels.Linear#SPARSE_DENSE_CROSSOVER}).
     */
    public static final double SPARSE_DENSE_CROSSOVER = 0.3;

    private static final ThreadLocal<LinearTask> LOCAL = ThreadLocal.withInitial(LinearTask::new);

    private enum Op { FORWARD, BACKWARD, SPARSE, GATHERED }

    private LinearKernel impl;
    private Op op;
    private float[] x;
    private float[] w;
    private float[] b;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dw;
    private float[] db;
    /** GATHERED: the block of dY's columns, {@code [batch × k]}. */
    private float[] g;
    /** SPARSE: the CSR offsets of the selection. */
    private int[] offsets;
    /** SPARSE: the selected positions; GATHERED: the rows of W of the block's columns (null: 0..k). */
    private int[] idx;
    /** GATHERED: columns of the block. */
    private int k;
    /** False: overwrite dw (the rows the operation writes) and db instead of adding to them. */
    private boolean add = true;
    private int batch;
    private int in;
    private int out;

    private LinearTask() {}

    /**
     * True when a per-example selection of {@code nnz} entries of a {@code [batch × out]} dY runs the
     * dense kernels: {@code nnz > SPARSE_DENSE_CROSSOVER · batch · out}, that is, the mean k per
     * example {@code nnz / batch} above {@code SPARSE_DENSE_CROSSOVER · out}. Never for batch 0. For
     * {@code nnz = batch·k} this is exactly {@link #sparseRunsDense(int, int)} (the quotient is k,
     * exactly).
     */
    public static boolean sparseRunsDense(long nnz, int batch, int out) {
        return batch > 0 && (double) nnz / batch > SPARSE_DENSE_CROSSOVER * out;
    }

    /** True when k of out selected rows per example run the dense kernels: {@code k > SPARSE_DENSE_CROSSOVER · out}. */
    public static boolean sparseRunsDense(int k, int out) {
        return k > SPARSE_DENSE_CROSSOVER * out;
    }

    /** {@code y = x·wᵀ + b} (b may be null). */
    public static void forward(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] b, float[] y,
            int batch, int in, int out) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.FORWARD, x, w, null, null, null, null, batch, in, out);
        t.b = b;
        t.y = y;
        t.runOn(par, (long) batch * in * out);
    }

    /** dx = dy·w (dx may be null); dw (+)= dyᵀ·x; db (+)= column sums of dy (db may be null). */
    public static void backward(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, float[] dx,
            float[] dw, float[] db, int batch, int in, int out, boolean add) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.BACKWARD, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.runOn(par, (long) batch * in * out);
    }

    /**
     * Per-example sparse backward, example r selecting {@code idx[offsets[r] .. offsets[r+1])}:
     * the sparse kernels, or above the crossover the dense kernels on dY masked to the selection and
     * restricted to the union of the selected rows (the same fma chains, without the rows nobody
     * selected).
     */
    public static void backwardSparse(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy,
            int[] offsets, int[] idx, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        long nnz = (long) offsets[batch] - offsets[0];
        if (sparseRunsDense(nnz, batch, out)) {
            SelectionScratch s = SelectionScratch.get();
            int u = s.gatherUnion(dy, offsets, idx, batch, out);
            gathered(impl, par, x, w, dy, s.block(), u == out ? null : s.rows(), u, dx, dw, db, batch, in, out, add);
            return;
        }
        LinearTask t = LOCAL.get();
        t.set(impl, Op.SPARSE, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.offsets = offsets;
        t.idx = idx;
        t.runOn(par, nnz * in);
    }

    /** {@link #backwardSparse(LinearKernel, Parallelism, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)} with k entries per example, {@code idx[r·k .. r·k+k)}. */
    public static void backwardSparse(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, int[] idx,
            int k, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        int[] offsets = SelectionScratch.get().fixedOffsets(batch, k);
        backwardSparse(impl, par, x, w, dy, offsets, idx, dx, dw, db, batch, in, out, add);
    }

    /** Unified sparse backward: one shared set {@code idx[0 .. k)}, gathered as the block dY[:, S]. */
    public static void backwardUnified(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, int[] idx,
            int k, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        float[] g = SelectionScratch.get().gatherColumns(dy, batch, out, idx, k);
        gathered(impl, par, x, w, dy, g, idx, k, dx, dw, db, batch, in, out, add);
    }

    /**
     * dx = g·w[rows], dw[rows] (+)= gᵀ·x for a block g {@code [batch × k]} of dY's columns (rows
     * null: all of them, k = out); db (+)= the column sums of all of dY.
     */
    private static void gathered(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, float[] g,
            int[] rows, int k, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.GATHERED, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.g = g;
        t.idx = rows;
        t.k = k;
        t.runOn(par, (long) batch * in * k);
    }

    private void set(LinearKernel impl, Op op, float[] x, float[] w, float[] dy, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        this.impl = impl;
        this.op = op;
        this.x = x;
        this.w = w;
        this.dy = dy;
        this.dx = dx;
        this.dw = dw;
        this.db = db;
        this.batch = batch;
        this.in = in;
        this.out = out;
    }

    private void runOn(Parallelism par, long work) {
        try {
            if (work < MIN_PARALLEL_WORK) {
                run(0, 1);
            } else {
                Parts.run(par, this);
            }
        } finally {
            impl = null;
            x = w = b = y = dy = dx = dw = db = g = null;
            offsets = idx = null;
            add = true;
        }
    }

    @Override
    public void run(int part, int parts) {
        switch (op) {
            case FORWARD -> {
                int g3 = grain(out, parts, 3);
                impl.gemm().forward(x, w, b, y, batch, in, out, split(out, part, parts, g3),
                        split(out, part + 1, parts, g3));
            }
            case BACKWARD -> {
                if (dx != null) {
                    int gr = grain(batch, parts, 4);
                    impl.dense().inputGrad(dy, out, null, out, w, dx, in, split(batch, part, parts, gr),
                            split(batch, part + 1, parts, gr));
                }
                int gj = grain(out, parts, 4);
                int j0 = split(out, part, parts, gj);
                int j1 = split(out, part + 1, parts, gj);
                impl.dense().weightGrad(dy, out, null, x, dw, batch, in, j0, j1, add);
                if (db != null) {
                    impl.dense().biasGrad(dy, db, batch, out, j0, j1, add);
                }
            }
            case SPARSE -> {
                if (dx != null) {
                    int gr = grain(batch, parts, 2);
                    impl.sparse().sparseInputGrad(dy, offsets, idx, w, dx, in, out, split(batch, part, parts, gr),
                            split(batch, part + 1, parts, gr));
                }
                int gj = grain(out, parts, 4);
                int j0 = split(out, part, parts, gj);
                int j1 = split(out, part + 1, parts, gj);
                impl.sparse().sparseWeightGrad(x, dy, offsets, idx, dw, batch, in, out, j0, j1, add);
                if (db != null) {
                    impl.dense().biasGrad(dy, db, batch, out, j0, j1, add);
                }
            }
            case GATHERED -> {
                if (dx != null) {
                    int gr = grain(batch, parts, 4);
                    impl.dense().inputGrad(g, k, idx, k, w, dx, in, split(batch, part, parts, gr),
                            split(batch, part + 1, parts, gr));
                }
                int gt = grain(k, parts, 4);
                impl.dense().weightGrad(g, k, idx, x, dw, batch, in, split(k, part, parts, gt),
                        split(k, part + 1, parts, gt), add);
                if (db != null) {
                    int gj = grain(out, parts, 4);
                    impl.dense().biasGrad(dy, db, batch, out, split(out, part, parts, gj),
                            split(out, part + 1, parts, gj), add);
                }
            }
        }
    }

    /** The tile size when each part gets several tiles, else 1 (better balance for small n). */
    static int grain(int n, int parts, int tile) {
        return n >= 4 * tile * parts ? tile : 1;
    }

    /** Start of part {@code part} of {@code [0, n)} split into {@code parts} nearly equal multiples of grain. */
    static int split(int n, int part, int parts, int grain) {
        if (part >= parts) {
            return n;
        }
        long s = (long) n * part / parts;
        s = (s + grain / 2) / grain * grain;
        return (int) Math.min(n, s);
    }
}
