package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.LinearKernel;

/** Plain-Java linear kernels. Interim version: straightforward loops; blocked versions replace it. */
public final class ScalarLinear implements LinearKernel {

    @Override
    public void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out) {
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                float s = b == null ? 0f : b[j];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w[j * in + i];
                }
                y[r * out + j] = s;
            }
        }
    }

    @Override
    public void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db,
            int batch, int in, int out) {
        for (int r = 0; r < batch; r++) {
            if (dx != null) {
                for (int i = 0; i < in; i++) {
                    dx[r * in + i] = 0f;
                }
            }
            for (int j = 0; j < out; j++) {
                accumulate(x, w, dy[r * out + j], r, j, dx, dw, in);
                if (db != null) {
                    db[j] += dy[r * out + j];
                }
            }
        }
    }

    @Override
    public void backwardSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        for (int r = 0; r < batch; r++) {
            if (dx != null) {
                for (int i = 0; i < in; i++) {
                    dx[r * in + i] = 0f;
                }
            }
            for (int t = 0; t < k; t++) {
                int j = idx[r * k + t];
                accumulate(x, w, dy[r * out + j], r, j, dx, dw, in);
            }
            addBias(dy, db, r, out);
        }
    }

    @Override
    public void backwardUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        for (int r = 0; r < batch; r++) {
            if (dx != null) {
                for (int i = 0; i < in; i++) {
                    dx[r * in + i] = 0f;
                }
            }
            for (int t = 0; t < k; t++) {
                int j = idx[t];
                accumulate(x, w, dy[r * out + j], r, j, dx, dw, in);
            }
            addBias(dy, db, r, out);
        }
    }

    private static void accumulate(float[] x, float[] w, float g, int r, int j, float[] dx, float[] dw, int in) {
        for (int i = 0; i < in; i++) {
            if (dx != null) {
                dx[r * in + i] += g * w[j * in + i];
            }
            dw[j * in + i] += g * x[r * in + i];
        }
    }

    private static void addBias(float[] dy, float[] db, int r, int out) {
        if (db != null) {
            for (int j = 0; j < out; j++) {
                db[j] += dy[r * out + j];
            }
        }
    }
}
