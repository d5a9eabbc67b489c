package io.github.meprop.kernels;

/**
 * A fixed number of worker threads that the parallel kernel variants (for example
 * {@link Linear#forward(Parallelism, float[], float[], float[], float[], int, int, int)}) split
 * their work over. {@link #serial()} runs everything on the calling thread.
 *
 * <p>Interim version: holds the thread count only; the parallel kernels run serially.
 */
public final class Parallelism implements AutoCloseable {
    private static final Parallelism SERIAL = new Parallelism(1);

    private final int threads;

    private Parallelism(int threads) {
        this.threads = threads;
    }

    /** Work split over {@code threads} threads (the caller's and threads-1 workers). */
    public static Parallelism of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return threads == 1 ? SERIAL : new Parallelism(threads);
    }

    /** Everything on the calling thread. */
    public static Parallelism serial() {
        return SERIAL;
    }

    /** Number of threads work is split over. */
    public int threads() {
        return threads;
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
    }
}
