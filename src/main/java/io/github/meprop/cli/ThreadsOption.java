package io.github.meprop.cli;

import io.github.meprop.kernels.Parallelism;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads} option shared by the commands that run kernels (a picocli mixin). Counts
 * above {@value #PER_PROCESSOR} per available processor are capped there with a warning: the
 * kernels are CPU-bound, so more threads than that only add waiting (1000 threads on 2 processors
 * took 32 s for what 2 do in 1 s).
 */
final class ThreadsOption {
    /** Most threads per available processor. */
    static final int PER_PROCESSOR = 4;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors; at most "
            + PER_PROCESSOR + " per processor). While other processes keep processors busy, only the free"
            + " ones are used (same results).")
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The number given (checked by {@link Parallelism#checkThreads}, capped at
     * {@value #PER_PROCESSOR} × processors with a warning on stderr), or the number of processors
     * when none was.
     */
    int count() {
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            return processors;
        }
        int n = OptionCheck.check(spec, "--threads", () -> Parallelism.checkThreads(threads));
        int cap = PER_PROCESSOR * processors;
        if (n > cap) {
            System.err.println("meprop: warning: --threads " + n + " is more than " + PER_PROCESSOR + " per processor ("
                    + processors + " available); using " + cap);
            return cap;
        }
        return n;
    }
}
