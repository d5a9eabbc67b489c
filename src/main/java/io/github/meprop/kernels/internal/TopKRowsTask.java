package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.TopKKernel;

/**
 * Per-row top-k ({@link TopKKernel#selectRows}) split into contiguous blocks of rows over a
 * {@link Parallelism}. Each row's selection depends on that row alone and is computed by the same
 * kernel as in the serial call (each thread with its own scratch), so the result is the same for
 * any thread count.
 *
 * <p>One reusable instance per calling thread; its array references are cleared after each call.
 */
final class TopKRowsTask implements Parts.Task {
    /** Below this many elements a call runs on the calling thread: dispatch would cost more. */
    static final int MIN_PARALLEL_ELEMENTS = 1 << 13;
    private static final ThreadLocal<TopKRowsTask> LOCAL = ThreadLocal.withInitial(TopKRowsTask::new);

    private TopKKernel impl;
    private float[] m;
    private int[] idx;
    private int rows;
    private int n;
    private int k;

    private TopKRowsTask() {}

    /** {@code impl.selectRows(m, rows, n, k, idx)} with the rows split over {@code par}'s threads. */
    static void selectRows(TopKKernel impl, Parallelism par, float[] m, int rows, int n, int k, int[] idx) {
        int threads;
        if (rows < 2 || (long) rows * n < MIN_PARALLEL_ELEMENTS || (threads = Parts.threadsNow(par)) == 1) {
            impl.selectRows(m, rows, n, k, idx);
            return;
        }
        TopKRowsTask t = LOCAL.get();
        t.impl = impl;
        t.m = m;
        t.idx = idx;
        t.rows = rows;
        t.n = n;
        t.k = k;
        try {
            Parts.run(par, threads, t);
        } finally {
            t.impl = null;
            t.m = null;
            t.idx = null;
        }
    }

    @Override
    public void run(int part, int parts) {
        int r0 = (int) ((long) rows * part / parts);
        int r1 = (int) ((long) rows * (part + 1) / parts);
        for (int r = r0; r < r1; r++) {
            impl.select(m, r * n, n, k, idx, r * k);
        }
    }
}
