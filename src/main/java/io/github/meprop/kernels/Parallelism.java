package io.github.meprop.kernels;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed number of threads that the parallel kernel variants (for example
 * {@link Linear#forward(Parallelism, float[], float[], float[], float[], int, int, int)}) split
 * their work over: the calling thread plus {@code threads - 1} daemon workers owned by this object.
 * {@link #serial()} runs everything on the calling thread.
 *
 * <p>Dispatch is cheap (a few microseconds): workers that have just finished a task spin for up to
 * {@value #WORKER_SPIN_MICROS} µs waiting for the next one, then park. That is longer than the
 * serial stretches of a training step (activation, loss, top-k selection, optimizer), so the
 * workers are awake for the next kernel call; a parked worker takes tens of microseconds to wake,
 * by which time the caller has claimed its part. A kernel call is split into
 * {@code threads} parts, each computing a disjoint set of output elements in the same order as the
 * serial kernel, so results do not depend on the thread count nor on which thread runs a part. The
 * caller and the workers claim parts from a shared counter, so a worker that has not woken up yet
 * (on a busy machine, when it is not scheduled) leaves its part to the caller instead of making it
 * wait; the caller then waits only for parts already running, spinning first and parking after
 * {@value #SPIN_MICROS} µs.
 *
 * <p>One kernel call at a time: concurrent calls from several threads on one instance are
 * serialized. {@link #close()} stops the workers (an unreachable instance is also cleaned up).
 */
public final class Parallelism implements AutoCloseable {
    private static final Parallelism SERIAL = new Parallelism(1);
    private static final Cleaner CLEANER = Cleaner.create();
    /** How long the caller spins waiting for the other parts before it parks. */
    private static final int SPIN_MICROS = 50;
    /** How long an idle worker spins waiting for the next call before it parks. */
    private static final int WORKER_SPIN_MICROS = 2000;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    /** A unit of work split into parts; part p of parts runs on one thread. */
    interface Task {
        void run(int part, int parts);
    }

    private final int threads;
    private final Pool pool;
    private final Cleaner.Cleanable cleanable;

    private Parallelism(int threads) {
        this.threads = threads;
        if (threads == 1) {
            pool = null;
            cleanable = null;
        } else {
            pool = new Pool(threads);
            cleanable = CLEANER.register(this, pool::shutdown);
        }
    }

    /** Work split over {@code threads} threads (the caller's and threads-1 workers). */
    public static Parallelism of(int threads) {
        checkThreads(threads);
        return threads == 1 ? SERIAL : new Parallelism(threads);
    }

    /**
     * Checks a thread count for {@link #of} without starting any thread.
     *
     * @return {@code threads}
     * @throws IllegalArgumentException if it is below 1
     */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return threads;
    }

    /** Everything on the calling thread. */
    public static Parallelism serial() {
        return SERIAL;
    }

    /** Number of threads work is split over. */
    public int threads() {
        return threads;
    }

    /** Stops the worker threads; later parallel calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    /** Runs {@code task.run(p, threads)} once for every p (on the caller or a worker); returns when all are done. */
    void execute(Task task) {
        if (pool == null) {
            task.run(0, 1);
        } else {
            pool.execute(task);
        }
    }

    /**
     * The workers and their hand-off state. Kept apart from {@link Parallelism} so that the worker
     * threads do not keep it reachable and the {@link Cleaner} can stop them.
     */
    private static final class Pool {
        private final int parts;
        private final Thread[] workers;
        /** Per worker: true while it is (about to be) parked waiting for a new task. */
        private final AtomicInteger[] parked;
        /** (epoch << 32) | next unclaimed part of the current call. */
        private final AtomicLong claim = new AtomicLong();
        /** Parts of the current call that have finished. */
        private final AtomicInteger done = new AtomicInteger();
        private volatile Task task;
        private volatile int epoch;
        private volatile boolean closed;
        private volatile Thread waiter;
        private volatile Throwable failure;

        Pool(int parts) {
            this.parts = parts;
            this.workers = new Thread[parts - 1];
            this.parked = new AtomicInteger[parts - 1];
            int id = POOL_IDS.incrementAndGet();
            for (int p = 1; p < parts; p++) {
                int worker = p;
                parked[p - 1] = new AtomicInteger();
                Thread t = new Thread(() -> workLoop(worker), "meprop-parallel-" + id + "-" + p);
                t.setDaemon(true);
                workers[p - 1] = t;
                t.start();
            }
        }

        synchronized void execute(Task t) {
            if (closed) {
                throw new IllegalStateException("this Parallelism is closed");
            }
            failure = null;
            done.set(0);
            task = t;
            int e = epoch + 1;
            claim.set((long) e << 32);
            epoch = e; // publishes the task (and everything the caller wrote before) to the workers
            for (int p = 1; p < parts; p++) {
                if (parked[p - 1].get() != 0) {
                    LockSupport.unpark(workers[p - 1]);
                }
            }
            runParts(e);
            awaitDone();
            task = null;
            Throwable f = failure;
            if (f instanceof RuntimeException ex) {
                throw ex;
            }
            if (f instanceof Error ex) {
                throw ex;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        /**
         * Claims and runs parts of epoch e until none is left. The claim word holds the epoch and the
         * next part, so a worker that wakes up late cannot claim a part of a later call, and a task
         * read after a successful claim is the one of that call (the call cannot finish before the
         * claimed part does).
         */
        private void runParts(int e) {
            while (true) {
                long s = claim.get();
                if ((int) (s >>> 32) != e || (int) s >= parts) {
                    return;
                }
                if (!claim.compareAndSet(s, s + 1)) {
                    continue;
                }
                try {
                    task.run((int) s, parts);
                } catch (Throwable ex) {
                    failure = ex;
                }
                if (done.incrementAndGet() == parts) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        private void awaitDone() {
            long deadline = 0;
            for (int spins = 0; done.get() != parts; spins++) {
                if ((spins & 63) == 63) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + SPIN_MICROS * 1000L;
                    } else if (now - deadline > 0) {
                        waiter = Thread.currentThread();
                        while (done.get() != parts) {
                            LockSupport.park(this);
                        }
                        waiter = null;
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }

        private void workLoop(int worker) {
            AtomicInteger myParked = parked[worker - 1];
            int seen = 0;
            while (true) {
                int e = awaitEpoch(seen, myParked);
                if (closed) {
                    return;
                }
                seen = e;
                runParts(e);
            }
        }

        /** Spins, then parks, until the epoch moves past {@code seen} or the pool closes. */
        private int awaitEpoch(int seen, AtomicInteger myParked) {
            long deadline = 0;
            for (int spins = 0; ; spins++) {
                int e = epoch;
                if (e != seen || closed) {
                    return e;
                }
                if ((spins & 63) == 63) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + WORKER_SPIN_MICROS * 1000L;
                    } else if (now - deadline > 0) {
                        break;
                    }
                }
                Thread.onSpinWait();
            }
            myParked.set(1);
            int e;
            while ((e = epoch) == seen && !closed) {
                LockSupport.park(this);
            }
            myParked.set(0);
            return e;
        }

        /** Waits for a running call to finish, then stops the workers. */
        synchronized void shutdown() {
            closed = true;
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
        }
    }
}
