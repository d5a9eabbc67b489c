package io.github.meprop.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Maps one option to the library's own validation: the check is the library call that takes the
 * value (a builder setter, a constructor, a parse method), run on that value alone, and its
 * {@link IllegalArgumentException} becomes a usage error (exit status 2) that names the option.
 * Why: a rule written once, in the library, and an error blamed on the option that is wrong.
 */
final class OptionCheck {
    private OptionCheck() {}

    /** Runs {@code check} (which uses only {@code option}'s value) and returns its result. */
    static <T> T check(CommandSpec spec, String option, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw usage(spec, option, e.getMessage(), e);
        }
    }

    /** Runs {@code check}, which uses only {@code option}'s value. */
    static void run(CommandSpec spec, String option, Runnable check) {
        check(spec, option, () -> {
            check.run();
            return null;
        });
    }

    /** A usage error {@code "OPTION: problem"}. */
    static ParameterException usage(CommandSpec spec, String option, String problem, Throwable cause) {
        String p = problem == null ? "invalid value" : problem;
        return new ParameterException(spec.commandLine(), option + ": " + p, cause);
    }
}
