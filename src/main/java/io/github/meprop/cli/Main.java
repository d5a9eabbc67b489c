package io.github.meprop.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code meprop} command line. Exit status ({@link #SUCCESS}, {@link #FAILURE},
 * {@link #USAGE}): 0 on success; 2 on a usage error (an unknown option, a missing or malformed
 * value, a value the library rejects, options that do not go together), with one line naming the
 * option; 1 on any other failure (unreadable or malformed input files, file-system errors, out of
 * memory, a training run that diverged), with one line naming the file or saying what failed.
 * Stack traces only with {@code --verbose}.
 */
@Command(name = "meprop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sparsified back propagation (meProp) and model simplification (meSimp) on the CPU.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure (input files, file system, out of memory, diverged training)",
                "2:usage error (an option or its value)"},
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, EvalCommand.class, CompressCommand.class,
                PlotCommand.class, KernelsCommand.class})
public final class Main {

    /** Exit status of a command that worked. */
    static final int SUCCESS = 0;
    /** Exit status of a failed command. */
    static final int FAILURE = 1;
    /** Exit status of a usage error. */
    static final int USAGE = 2;

    public static void main(String[] args) {
        // One line per log record ("INFO: meprop: using SIMD kernels ..."), unless the user chose a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (tests call this instead of main). */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Stage.set("starting");
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, arguments) -> usageError(ex, verbose));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, commandLine.getErr(), verbose));
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli passes Errors (OutOfMemoryError above all) through; they get the same one line.
            return failure(e, cl.getErr(), verbose);
        }
    }

    /** One line naming the option, and where to read about it. */
    private static int usageError(ParameterException ex, boolean verbose) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String hint = "";
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        err.println("meprop: " + Failures.describe(ex) + hint + " (see '" + cl.getCommandSpec().qualifiedName()
                + " --help')");
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    private static int failure(Throwable ex, PrintWriter err, boolean verbose) {
        err.println("meprop: " + Failures.describe(ex));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** Prints the version, the git commit it was built from, the Java runtime and the kernels it uses. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {"meprop " + build.version() + " (commit " + build.commit() + ")",
                    "Java " + Runtime.version() + ", " + io.github.meprop.kernels.Kernels.describe()};
        }
    }
}
