package io.github.meprop.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Entry point of {@code meprop.jar}: checks the Java version, then runs {@code Main}.
 *
 * <p>This one class is compiled for Java 8 (class-file version 52) so that any JVM from 8 on can
 * load it; the rest of meprop needs Java {@value #REQUIRED} (class-file version 65). On an older
 * JVM it prints one line naming the version needed and the one found, and exits with status 1,
 * instead of an {@code UnsupportedClassVersionError} stack trace.
 */
public final class Launcher {

    /** Oldest Java feature release that runs meprop. */
    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = versionProblem(System.getProperty("java.specification.version"),
                System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
        }
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName("io.github.meprop.cli.Main"),
                "main", MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    /**
     * The message for a JVM whose {@code java.specification.version} is {@code spec} ("1.8", "17",
     * "21", ...), or {@code null} when it can run meprop (or the version cannot be told, in which
     * case the JVM itself will complain if it is too old).
     */
    static String versionProblem(String spec, String javaHome) {
        int feature = featureRelease(spec);
        if (feature < 0 || feature >= REQUIRED) {
            return null;
        }
        return "meprop: needs Java " + REQUIRED + " or newer, but runs on Java " + spec
                + (javaHome == null ? "" : " (" + javaHome + ")")
                + "; install a JDK " + REQUIRED + "+ and put it first on PATH or in JAVA_HOME";
    }

    /** 8 for "1.8", 17 for "17"; -1 when {@code spec} is not a version. */
    static int featureRelease(String spec) {
        if (spec == null) {
            return -1;
        }
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? -1 : Integer.parseInt(s.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
