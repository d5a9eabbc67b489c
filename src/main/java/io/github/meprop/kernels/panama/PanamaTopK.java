package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.TopKKernel;
import io.github.meprop.kernels.scalar.ScalarTopK;

/** Top-k written with the Vector API. Interim version: delegates to the plain-Java twin. */
final class PanamaTopK implements TopKKernel {
    private final ScalarTopK scalar = new ScalarTopK();

    @Override
    public void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        scalar.select(v, off, n, k, idx, idxOff);
    }

    @Override
    public void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        scalar.selectRows(m, rows, n, k, idx);
    }

    @Override
    public void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        scalar.selectUnified(m, rows, n, k, idx);
    }
}
