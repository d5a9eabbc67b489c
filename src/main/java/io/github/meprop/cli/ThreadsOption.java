package io.github.meprop.cli;

import picocli.CommandLine.Option;

/** The {@code --threads} option shared by the commands that run kernels (a picocli mixin). */
final class ThreadsOption {

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    /** The number given, or the number of processors when none was. */
    int count() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
