package io.github.meprop.kernels.provider;

/**
 * The linear-layer kernels of one implementation, by concept: the forward GEMM, the dense
 * gradients and the per-example sparse gradients. Each is a set of range primitives; the whole
 * operations (forward, the dense, per-example sparse and unified backward passes, serial or split
 * over threads) are composed from them in one place, {@code io.github.meprop.kernels.internal.LinearTask}.
 *
 * @param gemm   {@code y = x·wᵀ + b} over a range of outputs
 * @param dense  dx, dw (optionally on a list of rows) and db from a dense block of dY
 * @param sparse dx and dw from a per-example selection of dY's entries
 */
public record LinearKernel(GemmKernel gemm, DenseGradKernel dense, SparseGradKernel sparse) {}
