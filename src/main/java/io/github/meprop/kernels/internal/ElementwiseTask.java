package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.ElementwiseKernel;

/**
 * An element-wise optimizer update (Adam, or SGD with momentum) split into contiguous parts over a {@link Parallelism}: part p of P
 * updates elements [off + n·p/P, off + n·(p+1)/P), rounded to multiples of 64 elements so that
 * parts do not share cache lines. Every element is computed by the same kernel with the same
 * operations as in the serial call, so the result does not depend on the thread count.
 *
 * <p>One reusable instance per calling thread; its array references are cleared after each call.
 */
final class ElementwiseTask implements Parts.Task {
    /** Below this many elements a call runs on the calling thread: dispatch would cost more. */
    static final int MIN_PARALLEL_ELEMENTS = 1 << 15;
    private static final int GRAIN = 64;
    private static final ThreadLocal<ElementwiseTask> LOCAL = ThreadLocal.withInitial(ElementwiseTask::new);

    private boolean momentumSgd;
    private ElementwiseKernel impl;
    private float[] w;
    private float[] g;
    private float[] m;
    private float[] v;
    private int off;
    private int n;
    private float lr;
    private float beta1;
    private float beta2;
    private float eps;
    private float clip;

    private ElementwiseTask() {}

    /** {@link ElementwiseKernel#adam} over [off, off+n) split over {@code par}'s threads. */
    static void adam(ElementwiseKernel impl, Parallelism par, float[] w, float[] g, float[] m, float[] v, int off,
            int n, float lr, float beta1, float beta2, float eps, float clip) {
        int threads;
        if (n < MIN_PARALLEL_ELEMENTS || (threads = Parts.threadsNow(par)) == 1) {
            impl.adam(w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
        } else {
            runSplit(impl, par, threads, false, w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
        }
    }

    /** {@link ElementwiseKernel#sgdMomentum} over [off, off+n) split over {@code par}'s threads. */
    static void sgdMomentum(ElementwiseKernel impl, Parallelism par, float[] w, float[] g, float[] velocity, int off,
            int n, float lr, float momentum, float clip) {
        int threads;
        if (n < MIN_PARALLEL_ELEMENTS || (threads = Parts.threadsNow(par)) == 1) {
            impl.sgdMomentum(w, g, velocity, off, n, lr, momentum, clip);
        } else {
            // The velocity travels in the m slot, the momentum in beta1.
            runSplit(impl, par, threads, true, w, g, velocity, null, off, n, lr, momentum, 0f, 0f, clip);
        }
    }

    private static void runSplit(ElementwiseKernel impl, Parallelism par, int threads, boolean momentumSgd, float[] w, float[] g,
            float[] m, float[] v, int off, int n, float lr, float beta1, float beta2, float eps, float clip) {
        ElementwiseTask t = LOCAL.get();
        t.momentumSgd = momentumSgd;
        t.impl = impl;
        t.w = w;
        t.g = g;
        t.m = m;
        t.v = v;
        t.off = off;
        t.n = n;
        t.lr = lr;
        t.beta1 = beta1;
        t.beta2 = beta2;
        t.eps = eps;
        t.clip = clip;
        try {
            Parts.run(par, threads, t);
        } finally {
            t.impl = null;
            t.w = t.g = t.m = t.v = null;
        }
    }

    @Override
    public void run(int part, int parts) {
        int a = split(part, parts);
        int b = split(part + 1, parts);
        if (b <= a) {
            return;
        }
        if (momentumSgd) {
            impl.sgdMomentum(w, g, m, off + a, b - a, lr, beta1, clip);
        } else {
            impl.adam(w, g, m, v, off + a, b - a, lr, beta1, beta2, eps, clip);
        }
    }

    private int split(int part, int parts) {
        if (part >= parts) {
            return n;
        }
        long s = (long) n * part / parts / GRAIN * GRAIN;
        return (int) Math.min(n, s);
    }
}
