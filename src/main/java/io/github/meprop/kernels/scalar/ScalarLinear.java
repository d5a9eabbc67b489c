package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.LinearKernel;

/**
 * Plain-Java linear kernels: the twin of the Vector API ones, and what runs without the
 * {@code jdk.incubator.vector} module. The gradient kernels use the same fused multiply-add chains
 * in the same order as the SIMD kernels (see {@link LinearKernel}), so both give identical
 * gradients; the forward dot products are summed in index order here.
 */
public final class ScalarLinear implements LinearKernel {
    /** Rows of W per block of the forward pass: about 128 KiB of W, so a block stays in L2. */
    private static final int W_BLOCK_FLOATS = 32 * 1024;

    /**
     * Forward over output rows [j0, j1): blocks of W rows that fit in L2; within a block, each
     * example against four rows of W at a time (four independent chains sharing the loads of x).
     */
    @Override
    public void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out, int j0, int j1) {
        int block = Math.max(4, W_BLOCK_FLOATS / Math.max(1, in) & ~3);
        for (int jb = j0; jb < j1; jb += block) {
            int je = Math.min(j1, jb + block);
            for (int r = 0; r < batch; r++) {
                int xo = r * in;
                int yo = r * out;
                int j = jb;
                for (; j + 4 <= je; j += 4) {
                    int w0 = j * in;
                    int w1 = w0 + in;
                    int w2 = w1 + in;
                    int w3 = w2 + in;
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    for (int i = 0; i < in; i++) {
                        float xi = x[xo + i];
                        s0 = Math.fma(xi, w[w0 + i], s0);
                        s1 = Math.fma(xi, w[w1 + i], s1);
                        s2 = Math.fma(xi, w[w2 + i], s2);
                        s3 = Math.fma(xi, w[w3 + i], s3);
                    }
                    y[yo + j] = b == null ? s0 : s0 + b[j];
                    y[yo + j + 1] = b == null ? s1 : s1 + b[j + 1];
                    y[yo + j + 2] = b == null ? s2 : s2 + b[j + 2];
                    y[yo + j + 3] = b == null ? s3 : s3 + b[j + 3];
                }
                for (; j < je; j++) {
                    int wo = j * in;
                    float s = 0f;
                    for (int i = 0; i < in; i++) {
                        s = Math.fma(x[xo + i], w[wo + i], s);
                    }
                    y[yo + j] = b == null ? s : s + b[j];
                }
            }
        }
    }

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

    @Override
    public void sparseInputGrad(float[] dy, int[] idx, int k, float[] w, float[] dx, int in, int out, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int xo = r * in;
            java.util.Arrays.fill(dx, xo, xo + in, 0f);
            for (int t = 0; t < k; t++) {
                int j = idx[r * k + t];
                axpy(dy[r * out + j], w, j * in, dx, xo, in);
            }
        }
    }

    @Override
    public void sparseWeightGrad(float[] x, float[] dy, int[] idx, int k, float[] dw, int batch, int in, int out,
            int j0, int j1, boolean add) {
        SparseScratch s = SparseScratch.get();
        s.groupByRow(dy, idx, k, batch, out, j0, j1);
        int[] start = s.starts();
        int[] ex = s.examples();
        float[] gr = s.grads();
        for (int j = j0; j < j1; j++) {
            int wo = j * in;
            int p0 = start[j - j0];
            int e = start[j - j0 + 1];
            if (!add && p0 < e) {
                java.util.Arrays.fill(dw, wo, wo + in, 0f);
            }
            for (int p = p0; p < e; p++) {
                axpy(gr[p], x, ex[p] * in, dw, wo, in);
            }
        }
    }

    /** dst[d..d+n) = fma(a, src[s..s+n), dst[d..d+n)). */
    private static void axpy(float a, float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) {
            dst[d + i] = Math.fma(a, src[s + i], dst[d + i]);
        }
    }
}
