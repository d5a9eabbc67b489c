package io.github.meprop.kernels.scalar;

import static io.github.meprop.kernels.scalar.ScalarDenseGrad.axpy;

import io.github.meprop.kernels.provider.SparseGradKernel;

/**
 * Plain-Java per-example sparse gradients: the twin of the Vector API ones, with the same fused
 * multiply-add chains in the same order (see {@link SparseGradKernel}), so both give identical
 * gradients.
 */
public final class ScalarSparseGrad implements SparseGradKernel {

    @Override
    public void sparseInputGrad(float[] dy, int[] offsets, int[] idx, float[] w, float[] dx, int in, int out, int r0,
            int r1) {
        for (int r = r0; r < r1; r++) {
            int xo = r * in;
            java.util.Arrays.fill(dx, xo, xo + in, 0f);
            for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                int j = idx[p];
                axpy(dy[r * out + j], w, j * in, dx, xo, in);
            }
        }
    }

    @Override
    public void sparseWeightGrad(float[] x, float[] dy, int[] offsets, int[] idx, float[] dw, int batch, int in,
            int out, int j0, int j1, boolean add) {
        SparseScratch s = SparseScratch.get();
        s.groupByRow(dy, offsets, idx, batch, out, j0, j1);
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
}
