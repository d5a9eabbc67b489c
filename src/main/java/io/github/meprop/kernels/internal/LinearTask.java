package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.LinearKernel;
import io.github.meprop.kernels.scalar.SparseScratch;

/**
 * One linear-layer operation split into parts over a {@link Parallelism}: forward by blocks of
 * output columns (rows of W); backward by blocks of examples for dx and by blocks of rows of W for
 * dw and db. Every output element belongs to exactly one part and is computed by the same range
 * kernel as in the serial call, so the result is the same bit for bit for any thread count.
 *
 * <p>One reusable instance per calling thread (no allocation per call); its array references are
 * cleared after each call.
 */
public final class LinearTask implements Parts.Task {
    /** Below this many multiply-adds a call runs on the calling thread: dispatch would cost more. */
    static final long MIN_PARALLEL_WORK = 1L << 15;

    /**
     * Above this fraction k/out of selected rows per example, the per-example sparse backward runs
     * the dense kernels instead (see {@code io.github.meprop.kernels.Linear#SPARSE_DENSE_CROSSOVER},
     * which publishes this value, for the measurements).
     */
    public static final double SPARSE_DENSE_CROSSOVER = 0.3;

    private static final ThreadLocal<LinearTask> LOCAL = ThreadLocal.withInitial(LinearTask::new);

    private enum Op { FORWARD, BACKWARD, SPARSE, UNIFIED }

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
    private float[] g;
    private int[] idx;
    private int k;
    /** False: overwrite dw (the rows the operation writes) and db instead of adding to them. */
    private boolean add = true;
    private int batch;
    private int in;
    private int out;

    private LinearTask() {}

    public static void forward(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] b, float[] y,
            int batch, int in, int out) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.FORWARD, x, w, null, null, null, null, batch, in, out);
        t.b = b;
        t.y = y;
        t.runOn(par);
    }

    public static void backward(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, float[] dx,
            float[] dw, float[] db, int batch, int in, int out, boolean add) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.BACKWARD, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.runOn(par);
    }

    public static void backwardSparse(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, int[] idx,
            int k, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        LinearTask t = LOCAL.get();
        if (sparseRunsDense(k, out)) {
            // Large k: the dense kernels on dy with the unselected entries zeroed (same sums, as the
            // zero terms add nothing); db from the whole of dy as always.
            float[] m = SparseScratch.get().maskRows(dy, idx, k, batch, out);
            t.set(impl, Op.BACKWARD, x, w, m, dx, dw, null, batch, in, out);
            t.add = add;
            t.runOn(par);
            if (db != null) {
                impl.dense().biasGrad(dy, db, batch, out, 0, out, add);
            }
            return;
        }
        t.set(impl, Op.SPARSE, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.idx = idx;
        t.k = k;
        t.runOn(par);
    }

    public static void backwardUnified(LinearKernel impl, Parallelism par, float[] x, float[] w, float[] dy, int[] idx,
            int k, float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean add) {
        LinearTask t = LOCAL.get();
        t.set(impl, Op.UNIFIED, x, w, dy, dx, dw, db, batch, in, out);
        t.add = add;
        t.idx = idx;
        t.k = k;
        // Gathered once by the caller; the workers only read it.
        t.g = SparseScratch.get().gatherColumns(dy, batch, out, idx, k);
        t.runOn(par);
    }

    /** True when k of out selected rows per example run the dense kernels: {@code k > SPARSE_DENSE_CROSSOVER · out}. */
    public static boolean sparseRunsDense(int k, int out) {
        return k > SPARSE_DENSE_CROSSOVER * out;
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

    private void runOn(Parallelism par) {
        try {
            long work = (long) batch * in * (op == Op.SPARSE || op == Op.UNIFIED ? k : out);
            if (work < MIN_PARALLEL_WORK) {
                run(0, 1);
            } else {
                Parts.run(par, this);
            }
        } finally {
            impl = null;
            x = w = b = y = dy = dx = dw = db = g = null;
            idx = null;
            add = true;
        }
    }

    @Override
    public void run(int part, int parts) {
        switch (op) {
            case FORWARD -> {
                int g3 = grain(out, parts, 3);
                impl.gemm().forward(x, w, b, y, batch, in, out, split(out, part, parts, g3), split(out, part + 1, parts, g3));
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
                    impl.sparse().sparseInputGrad(dy, idx, k, w, dx, in, out, split(batch, part, parts, gr),
                            split(batch, part + 1, parts, gr));
                }
                int gj = grain(out, parts, 4);
                int j0 = split(out, part, parts, gj);
                int j1 = split(out, part + 1, parts, gj);
                impl.sparse().sparseWeightGrad(x, dy, idx, k, dw, batch, in, out, j0, j1, add);
                if (db != null) {
                    impl.dense().biasGrad(dy, db, batch, out, j0, j1, add);
                }
            }
            case UNIFIED -> {
                if (dx != null) {
                    int gr = grain(batch, parts, 4);
                    impl.dense().inputGrad(g, k, idx, k, w, dx, in, split(batch, part, parts, gr),
                            split(batch, part + 1, parts, gr));
                }
                int gt = grain(k, parts, 4);
                impl.dense().weightGrad(g, k, idx, x, dw, batch, in, split(k, part, parts, gt), split(k, part + 1, parts, gt),
                        add);
                if (db != null) {
                    int gj = grain(out, parts, 4);
                    impl.dense().biasGrad(dy, db, batch, out, split(out, part, parts, gj), split(out, part + 1, parts, gj),
                            add);
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
