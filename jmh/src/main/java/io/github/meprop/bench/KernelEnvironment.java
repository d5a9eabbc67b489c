package io.github.meprop.bench;

import io.github.meprop.kernels.Kernels;

/**
 * Prints what a benchmark table needs to say about the run: JDK, kernels and vector width (with
 * the same flags as the benchmark forks), CPU model. Used by jmh/run-topk-benchmarks.sh.
 */
public final class KernelEnvironment {
    private KernelEnvironment() {}

    public static void main(String[] args) {
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("Kernels: " + Kernels.describe());
        System.out.println("JVM flags: " + String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
