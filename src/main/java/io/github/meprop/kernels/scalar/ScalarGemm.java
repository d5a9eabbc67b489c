package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.GemmKernel;

/**
 * Plain-Java forward GEMM {@code y = x·wᵀ + b}: the twin of the Vector API one, and what runs
 * without the {@code jdk.incubator.vector} module. Each output is one {@code fma} chain over
 * {@code in} in index order (see {@link GemmKernel} for how the SIMD kernel compares).
 */
public final class ScalarGemm implements GemmKernel {
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
}
