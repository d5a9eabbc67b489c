package io.github.meprop.cli;

import java.io.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether standard input and output are an interactive terminal, on every supported JDK.
 *
 * <p>Up to JDK 21, {@link System#console()} is {@code null} unless both are a terminal. From JDK
 * 22 on it may return a console even when output is redirected, and {@code Console.isTerminal()}
 * (new in 22) tells the two apart. The library is compiled for release 21, where that method does
 * not exist, so it is looked up once at run time and called when present.
 */
final class Terminal {

    /** {@code Console.isTerminal()} on JDK 22 and newer, {@code null} on JDK 21. */
    private static final MethodHandle IS_TERMINAL = isTerminalMethod();

    private Terminal() {
    }

    /** True when a progress bar redrawn in place will be seen by a person. */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (IS_TERMINAL == null) {
            return true;
        }
        try {
            return (boolean) IS_TERMINAL.invokeExact(console);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isTerminalMethod() {
        try {
            return MethodHandles.publicLookup().findVirtual(Console.class, "isTerminal",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
