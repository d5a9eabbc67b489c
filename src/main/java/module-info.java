/**
 * meprop: sparsified back propagation (meProp) and model simplification (meSimp).
 *
 * <p>The SIMD kernels need {@code --add-modules jdk.incubator.vector}; without it the plain-Java
 * kernels run. The command line ({@code io.github.meprop.cli}) needs picocli and XChart, which
 * the core packages do not.
 */
module io.github.meprop {
    requires static jdk.incubator.vector;
    requires static info.picocli;
    requires static org.knowm.xchart;
    requires static java.desktop;

    exports io.github.meprop.kernels;
    exports io.github.meprop.data;
    exports io.github.meprop.io;
    exports io.github.meprop.nn;
    exports io.github.meprop.compress;
    exports io.github.meprop.eval;

    opens io.github.meprop.cli to info.picocli;
}
