package io.github.meprop.kernels.provider;

import io.github.meprop.kernels.scalar.ScalarDenseGrad;
import io.github.meprop.kernels.scalar.ScalarElementwise;
import io.github.meprop.kernels.scalar.ScalarGemm;
import io.github.meprop.kernels.scalar.ScalarSparseGrad;
import io.github.meprop.kernels.scalar.ScalarTopK;
import io.github.meprop.kernels.scalar.TopKDriver;

/** The plain-Java kernels: what runs when the Vector API module is not enabled. */
final class ScalarKernelProvider extends KernelProvider {
    static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

    private final TopKKernel topK = new TopKDriver(new ScalarTopK());
    private final LinearKernel linear = new LinearKernel(new ScalarGemm(), new ScalarDenseGrad(), new ScalarSparseGrad());
    private final ElementwiseKernel elementwise = new ScalarElementwise();

    private ScalarKernelProvider() {}

    @Override public String name() { return "scalar"; }
    @Override public int vectorBits() { return 0; }
    @Override public TopKKernel topK() { return topK; }
    @Override public LinearKernel linear() { return linear; }
    @Override public ElementwiseKernel elementwise() { return elementwise; }
}
