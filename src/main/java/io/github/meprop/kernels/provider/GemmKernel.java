package io.github.meprop.kernels.provider;

/**
 * The forward GEMM of a linear layer, row-major: W is {@code [out × in]}, X is {@code [batch × in]},
 * Y is {@code [batch × out]}. Implementations trust their arguments (the public facade
 * {@link io.github.meprop.kernels.Linear} validates them and states the contract).
 *
 * <p>Summation order: each output is an {@code fma} chain over {@code in} in index order from 0,
 * then {@code + b}: the plain-Java kernel for every example, the SIMD kernel for the first
 * {@code batch - batch % lanes} examples (identical results there). The SIMD kernel's last
 * {@code batch % lanes} examples (all of them when batch &lt; lanes, e.g. GEMV) use a lane-split
 * dot product that differs by rounding only (about 1e-7 of Σ|x·w|). Which order an output gets
 * depends on batch and the width, never on the range [j0, j1) nor on the thread.
 */
public interface GemmKernel {

    /**
     * {@code y[r, j] = Σ_i x[r, i]·w[j, i] + b[j]} for every example r and output j in
     * {@code [j0, j1)}; b may be null. Cost: batch·in·(j1-j0) multiply-adds.
     */
    void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out, int j0, int j1);
}
