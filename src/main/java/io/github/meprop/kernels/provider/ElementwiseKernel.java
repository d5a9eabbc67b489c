package io.github.meprop.kernels.provider;

/**
 * Element-wise kernels. Implementations trust their arguments: the public facade
 * {@link io.github.meprop.kernels.Ops} validates them first.
 */
public interface ElementwiseKernel {
}
