package io.github.meprop.cli;

/**
 * What the command is doing right now ("loading the data set data/mnist", "building the model
 * 784-500-10", ...), so that an {@link OutOfMemoryError} can be reported as one line that says
 * what was being allocated instead of a stack trace.
 */
final class Stage {
    private static volatile String current = "starting";

    private Stage() {}

    /** Records what the command does from now on. */
    static void set(String what) {
        current = what;
    }

    /** What the command is doing. */
    static String current() {
        return current;
    }
}
