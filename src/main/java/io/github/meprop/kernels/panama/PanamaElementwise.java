package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.ElementwiseKernel;

/** Elementwise kernels written with the Vector API. */
final class PanamaElementwise implements ElementwiseKernel {
}
