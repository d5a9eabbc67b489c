package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.DenseGradKernel;

/**
 * Plain-Java dense gradients: the twin of the Vector API ones, with the same fused multiply-add
 * chains in the same order (see {@link DenseGradKernel}), so both give identical gradients. Each
 * is a sequence of axpy passes over rows.
 */
public final class ScalarDenseGrad implements DenseGradKernel {

    /** dx rows [r0, r1) = g·w[rows]: one axpy of a row of W per (example, t). */
    @Override
    public void inputGrad(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int xo = r * in;
            java.util.Arrays.fill(dx, xo, xo + in, 0f);
            int go = r * ldg;
            for (int t = 0; t < k; t++) {
                int j = rows == null ? t : rows[t];
                axpy(g[go + t], w, j * in, dx, xo, in);
            }
        }
    }

    /** dw[rows[t]] (+)= Σ_r g[r, t]·x[r]: one axpy of a row of x per (t, example). */
    @Override
    public void weightGrad(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in, int t0, int t1,
            boolean add) {
        for (int t = t0; t < t1; t++) {
            int wo = (rows == null ? t : rows[t]) * in;
            if (!add) {
                java.util.Arrays.fill(dw, wo, wo + in, 0f);
            }
            for (int r = 0; r < batch; r++) {
                axpy(g[r * ldg + t], x, r * in, dw, wo, in);
            }
        }
    }

    @Override
    public void biasGrad(float[] dy, float[] db, int batch, int out, int j0, int j1, boolean add) {
        for (int j = j0; j < j1; j++) {
            float s = add ? db[j] : 0f;
            for (int r = 0; r < batch; r++) {
                s += dy[r * out + j];
            }
            db[j] = s;
        }
    }

    /** dst[d..d+n) = fma(a, src[s..s+n), dst[d..d+n)). */
    static void axpy(float a, float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) {
            dst[d + i] = Math.fma(a, src[s + i], dst[d + i]);
        }
    }
}
