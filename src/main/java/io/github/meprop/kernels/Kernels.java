package io.github.meprop.kernels;

import io.github.meprop.kernels.provider.KernelProvider;

/**
 * Which kernel implementation this JVM uses. The choice is made once, at the first use of any
 * kernel: the Vector API (SIMD) kernels when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, the plain-Java kernels otherwise.
 */
public final class Kernels {
    private Kernels() {}

    /**
     * {@code "panama"} (Vector API) or {@code "scalar"} (plain Java).
     *
     * @return {@code "panama"} or {@code "scalar"}
     */
    public static String implementation() {
        return KernelProvider.get().name();
    }

    /**
     * Vector width in bits, 0 for the plain-Java kernels.
     *
     * @return the SIMD vector width in bits (e.g. 256 or 512), or 0 for the plain-Java kernels
     */
    public static int vectorBits() {
        return KernelProvider.get().vectorBits();
    }

    /**
     * True when the SIMD kernels are in use.
     *
     * @return true for the Vector API kernels, false for the plain-Java ones
     */
    public static boolean simd() {
        return KernelProvider.get().vectorBits() > 0;
    }

    /**
     * One line describing the kernels in use, e.g. "SIMD kernels (Vector API, 256-bit, 8 float lanes)".
     *
     * @return a one-line, human-readable description of the kernels in use
     */
    public static String describe() {
        return KernelProvider.get().describe();
    }
}
