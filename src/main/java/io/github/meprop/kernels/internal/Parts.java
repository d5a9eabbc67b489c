package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;

/**
 * Runs a task split into parts over a {@link Parallelism}. Parallelism keeps its own task type and
 * its {@code execute} method private to the package {@code io.github.meprop.kernels} (they are
 * not API), so this package reaches them through the one {@link Executor} that package registers
 * here: {@code io.github.meprop.kernels.PartsExecutor}, initialized on first use.
 */
public final class Parts {
    private static final String EXECUTOR_CLASS = "io.github.meprop.kernels.PartsExecutor";
    private static Executor registered;

    private Parts() {}

    /** A unit of work split into parts: part p of {@code parts} runs on one thread. */
    public interface Task {
        void run(int part, int parts);
    }

    /** What {@code io.github.meprop.kernels} lends this package: {@code par.execute} for a {@link Task}. */
    public interface Executor {
        /**
         * Runs {@code task.run(p, par.threads())} once for every p on {@code threads} of par's
         * threads (2 or more, from {@link #usableThreads}); returns when all are done.
         */
        void execute(Parallelism par, Task task, int threads);

        /** How many of par's threads a call made now would use (1 while other processes hold the processors). */
        int usableThreads(Parallelism par);
    }

    /** Called once, by the executor's class initializer. */
    public static synchronized void register(Executor executor) {
        if (registered != null) {
            throw new IllegalStateException("a Parts.Executor is registered already");
        }
        registered = executor;
    }

    /** {@code task.run(0, 1)} on the caller when a call made now gets one thread, else split over par's threads. */
    static void run(Parallelism par, Task task) {
        run(par, threadsNow(par), task);
    }

    /** {@link #run(Parallelism, Task)} with the thread count the caller already took from {@link #threadsNow}. */
    static void run(Parallelism par, int threads, Task task) {
        if (threads <= 1) {
            task.run(0, 1);
        } else {
            Holder.EXECUTOR.execute(par, task, threads);
        }
    }

    /**
     * How many threads a call made now gets: 1 when par has one thread or the machine has no
     * processor free for its workers. With 1, callers take their serial code, the one a
     * one-thread run takes (same results either way).
     */
    static int threadsNow(Parallelism par) {
        return par.threads() == 1 ? 1 : Holder.EXECUTOR.usableThreads(par);
    }

    private static final class Holder {
        static final Executor EXECUTOR = load();
    }

    private static Executor load() {
        try {
            Class.forName(EXECUTOR_CLASS, true, Parts.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + EXECUTOR_CLASS, e);
        }
        synchronized (Parts.class) {
            if (registered == null) {
                throw new IllegalStateException(EXECUTOR_CLASS + " did not register itself");
            }
            return registered;
        }
    }
}
