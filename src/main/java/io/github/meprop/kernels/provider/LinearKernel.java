package io.github.meprop.kernels.provider;

/**
 * Dense and sparse linear-layer kernels, row-major, W is [out × in]. Implementations trust their
 * arguments: the public facade {@link io.github.meprop.kernels.Linear} validates them first and
 * states the contract.
 */
public interface LinearKernel {

    /** y = x·wᵀ + b (b may be null). */
    void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out);

    /** dx = dy·w (dx may be null), dw += dyᵀ·x, db += column sums of dy (db may be null). */
    void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db, int batch, int in, int out);

    /** Per-example sparse backward: only dy[b, idx[b*k+i]] feed dx and dw; db uses all of dy. */
    void backwardSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw, float[] db,
            int batch, int in, int out);

    /** Unified sparse backward: one shared set idx[0..k) for every example; db uses all of dy. */
    void backwardUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw, float[] db,
            int batch, int in, int out);
}
