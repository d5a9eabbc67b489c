package io.github.meprop.testing;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread while an action runs (HotSpot's per-thread allocation
 * counter): how the fault tests check that a reader allocated what the input holds, not what its
 * header claims. Reached by reflection: the tests are compiled into the module, which does not
 * read java.management.
 */
public final class Allocation {
    private Allocation() {}

    /** An action that may throw anything. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    /** What {@link #measure} saw: bytes allocated and the throwable, if any. */
    public record Result(long bytes, Throwable thrown) {}

    /** Runs the action and returns the bytes this thread allocated meanwhile, and what it threw. */
    public static Result measure(Action action) {
        long before = allocatedByThisThread();
        Throwable thrown = null;
        try {
            action.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Result(allocatedByThisThread() - before, thrown);
    }

    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        try {
            BEAN = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static long allocatedByThisThread() {
        try {
            return (long) ALLOCATED.invoke(BEAN, Thread.currentThread().threadId());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
