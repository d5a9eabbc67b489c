package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;

/**
 * {@link io.github.meprop.kernels.Ops} without the argument checks (shapes, labels, learning rate
 * and other hyper-parameters), for the library's own per-step path, which validated them once: the
 * same kernels with the same contracts and results (see {@code Ops} for each); where {@code Ops}
 * has a serial and a {@link Parallelism} variant, only the latter. A wrong call may throw whatever
 * the JVM throws or compute garbage; it is never checked. Not exported from the module.
 */
public final class UncheckedOps {
    private static final ElementwiseKernel IMPL = KernelProvider.get().elementwise();

    private UncheckedOps() {}

    /** z = max(x, 0) over n entries. */
    public static void relu(float[] x, float[] z, int n) {
        IMPL.relu(x, z, n);
    }

    /** dy = g where z &gt; 0, else 0. */
    public static void reluBackward(float[] z, float[] g, float[] dy, int n) {
        IMPL.reluBackward(z, g, dy, n);
    }

    /** z = tanh(x). */
    public static void tanh(float[] x, float[] z, int n) {
        IMPL.tanh(x, z, n);
    }

    /** dy = g·(1 − z²). */
    public static void tanhBackward(float[] z, float[] g, float[] dy, int n) {
        IMPL.tanhBackward(z, g, dy, n);
    }

    /** z = 1/(1 + e^(−x)). */
    public static void sigmoid(float[] x, float[] z, int n) {
        IMPL.sigmoid(x, z, n);
    }

    /** dy = g·z·(1 − z). */
    public static void sigmoidBackward(float[] z, float[] g, float[] dy, int n) {
        IMPL.sigmoidBackward(z, g, dy, n);
    }

    /** Mean softmax cross-entropy of a batch; dlogits (may be null) receives its gradient. */
    public static double softmaxCrossEntropy(float[] logits, int[] labels, int labelOff, float[] dlogits,
            int batch, int classes) {
        return IMPL.softmaxCrossEntropy(logits, labels, labelOff, dlogits, batch, classes);
    }

    /** out[r] = the lowest position of the largest entry of row r. */
    public static void argmaxRows(float[] m, int rows, int n, int[] out) {
        IMPL.argmaxRows(m, rows, n, out);
    }

    /** a[i] = min(max(a[i], −c), c) over a[off .. off+n). */
    public static void clip(float[] a, int off, int n, float c) {
        IMPL.clip(a, off, n, c);
    }

    /** a[i] = a[i]·s over a[off .. off+n). */
    public static void scale(float[] a, int off, int n, float s) {
        IMPL.scale(a, off, n, s);
    }

    /** a[off .. off+n) = 0. */
    public static void zero(float[] a, int off, int n) {
        IMPL.zero(a, off, n);
    }

    /** w −= lr·clip(g, ±clip) over [off .. off+n). */
    public static void sgd(float[] w, float[] g, int off, int n, float lr, float clip) {
        IMPL.sgd(w, g, off, n, lr, clip);
    }

    /** {@link #sgd} over rows {@code rows[0 .. count)} of length rowLen. */
    public static void sgdRows(float[] w, float[] g, int[] rows, int count, int rowLen, float lr, float clip) {
        IMPL.sgdRows(w, g, rows, count, rowLen, lr, clip);
    }

    /** v = μ·v + clip(g, ±clip) (±0 if subnormal); w −= lr·v over [off .. off+n), split over {@code par}'s threads. */
    public static void sgdMomentum(Parallelism par, float[] w, float[] g, float[] v, int off, int n, float lr,
            float momentum, float clip) {
        ElementwiseTask.sgdMomentum(IMPL, par, w, g, v, off, n, lr, momentum, clip);
    }

    /** Adam over [off .. off+n) with the bias correction folded into lr, split over {@code par}'s threads. */
    public static void adam(Parallelism par, float[] w, float[] g, float[] m, float[] v, int off, int n, float lr,
            float beta1, float beta2, float eps, float clip) {
        ElementwiseTask.adam(IMPL, par, w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
    }

    /** Lazy Adam over rows {@code rows[0 .. count)} of length rowLen. */
    public static void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen,
            float lr, float beta1, float beta2, float eps, float clip) {
        IMPL.adamRows(w, g, m, v, rows, count, rowLen, lr, beta1, beta2, eps, clip);
    }

    /** One LSTM time step forward (gate order i, f, g, o); see {@code Ops.lstmCellForward}. */
    public static void lstmCellForward(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev, int cPrevOff,
            float[] gates, int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff,
            int rows, int units) {
        IMPL.lstmCellForward(gx, gxOff, gh, ghOff, cPrev, cPrevOff, gates, gatesOff, c, cOff, tanhC, tanhCOff, h,
                hOff, rows, units);
    }

    /** One LSTM time step backward; see {@code Ops.lstmCellBackward}. */
    public static void lstmCellBackward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC,
            int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int rows,
            int units) {
        IMPL.lstmCellBackward(gates, gatesOff, cPrev, cPrevOff, tanhC, tanhCOff, dh, dhOff, dc, dcOff, dpre, dpreOff,
                rows, units);
    }
}
