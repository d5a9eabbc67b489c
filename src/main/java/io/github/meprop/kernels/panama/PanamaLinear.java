package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.LinearKernel;
import io.github.meprop.kernels.scalar.ScalarLinear;

/** Linear kernels written with the Vector API. Interim version: delegates to the plain-Java twin. */
final class PanamaLinear implements LinearKernel {
    private final ScalarLinear scalar = new ScalarLinear();

    @Override
    public void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out) {
        scalar.forward(x, w, b, y, batch, in, out);
    }

    @Override
    public void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db,
            int batch, int in, int out) {
        scalar.backward(x, w, dy, dx, dw, db, batch, in, out);
    }

    @Override
    public void backwardSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        scalar.backwardSparse(x, w, dy, idx, k, dx, dw, db, batch, in, out);
    }

    @Override
    public void backwardUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        scalar.backwardUnified(x, w, dy, idx, k, dx, dw, db, batch, in, out);
    }
}
