package io.github.meprop.kernels;

import io.github.meprop.kernels.internal.Parts;

/**
 * Lends {@link Parallelism}'s package-private {@code execute} to the internal package
 * ({@link Parts}), which composes the kernels: registers itself when initialized. Each calling
 * thread reuses one adapter from {@link Parts.Task} to {@link Parallelism.Task}, so a call
 * allocates nothing.
 */
final class PartsExecutor implements Parts.Executor {
    private static final ThreadLocal<Adapter> ADAPTER = ThreadLocal.withInitial(Adapter::new);

    static {
        Parts.register(new PartsExecutor());
    }

    private PartsExecutor() {}

    @Override
    public void execute(Parallelism par, Parts.Task task, int threads) {
        Adapter a = ADAPTER.get();
        a.task = task;
        try {
            par.execute(a, threads);
        } finally {
            a.task = null;
        }
    }

    @Override
    public int usableThreads(Parallelism par) {
        return par.usableThreads();
    }

    private static final class Adapter implements Parallelism.Task {
        Parts.Task task;

        @Override
        public void run(int part, int parts) {
            task.run(part, parts);
        }
    }
}
