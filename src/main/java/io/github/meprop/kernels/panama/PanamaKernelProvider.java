package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import io.github.meprop.kernels.provider.TopKKernel;
import io.github.meprop.kernels.scalar.TopKDriver;

/**
 * The Vector API kernels. Loaded reflectively by {@link KernelProvider} only after it has checked
 * that {@code jdk.incubator.vector} is in the boot layer.
 */
public final class PanamaKernelProvider extends KernelProvider {
    private final TopKKernel topK;
    private final LinearKernel linear;
    private final ElementwiseKernel elementwise;

    /**
     * @throws UnsupportedOperationException when the vector width is too small to pay off
     */
    public PanamaKernelProvider() {
        if (Species.FLOAT_LANES < 4) {
            throw new UnsupportedOperationException("the preferred vector width here is " + Species.BITS
                    + " bits; the SIMD kernels need at least 128");
        }
        topK = new TopKDriver(new PanamaTopK());
        linear = new LinearKernel(new PanamaGemm(), new PanamaDenseGrad(), new PanamaSparseGrad());
        elementwise = new PanamaElementwise();
    }

    @Override public String name() { return "panama"; }
    @Override public int vectorBits() { return Species.BITS; }
    @Override public TopKKernel topK() { return topK; }
    @Override public LinearKernel linear() { return linear; }
    @Override public ElementwiseKernel elementwise() { return elementwise; }
}
