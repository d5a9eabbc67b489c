package io.github.meprop.cli;

import io.github.meprop.io.FileFormatException;
import io.github.meprop.io.files.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The one line printed for a failed command: {@code FILE: problem} for bad input files and other
 * file-system failures ({@link FileErrors}), what was being allocated and how to give the JVM
 * more memory for an {@link OutOfMemoryError}, the exception's message otherwise.
 */
final class Failures {
    private Failures() {}

    /** One line (no line breaks) describing {@code t}. */
    static String describe(Throwable t) {
        String m = switch (t) {
            case OutOfMemoryError e -> outOfMemory(Stage.current(), Runtime.getRuntime().maxMemory());
            case FileFormatException e -> e.getMessage();
            case IOException e -> FileErrors.describe(e);
            case UncheckedIOException e -> FileErrors.describe(e.getCause());
            default -> t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        };
        return m.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** The message for running out of heap while doing {@code stage}, with the heap limit {@code maxHeap}. */
    static String outOfMemory(String stage, long maxHeap) {
        String more = suggestedHeap(maxHeap);
        return "out of memory while " + stage + ": the JVM may use at most " + Memory.format(maxHeap)
                + "; give it more, e.g. MEPROP_JAVA_OPTS=-Xmx" + more + " for bin/meprop (java -Xmx" + more
                + " otherwise)";
    }

    /** An -Xmx value about twice {@code maxHeap}, in whole gigabytes, at least 2g. */
    static String suggestedHeap(long maxHeap) {
        long gb = Math.max(2, (2 * maxHeap + (1L << 30) - 1) >> 30);
        return String.format(Locale.ROOT, "%dg", gb);
    }
}
