package io.github.meprop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code meprop} command line. Exit status: 0 on success, 2 on a usage error (with the usage
 * text), 1 on failure (a one-line message; the stack trace only with {@code --verbose}).
 */
@Command(name = "meprop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sparsified back propagation (meProp) and model simplification (meSimp) on the CPU.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, EvalCommand.class, CompressCommand.class,
                PlotCommand.class, KernelsCommand.class})
public final class Main {

    /** Exit status of a failed command (usage errors exit with 2). */
    static final int FAILURE = 1;

    public static void main(String[] args) {
        // One line per log record ("INFO: meprop: using SIMD kernels ..."), unless the user chose a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
            commandLine.getErr().println("meprop: " + message(ex));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return FAILURE;
        });
        return cl.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
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
