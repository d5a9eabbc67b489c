package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.ElementwiseKernel;

/** Plain-Java twin of the SIMD Elementwise kernels. */
public final class ScalarElementwise implements ElementwiseKernel {
}
