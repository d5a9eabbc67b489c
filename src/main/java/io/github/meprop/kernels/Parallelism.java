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
 * <p>A kernel call is split into {@code threads} parts, each computing a disjoint set of output
 * elements in the same order as the serial kernel, so results do not depend on the thread count
 * nor on which thread runs a part. The caller and the workers claim parts from a shared counter:
 * a worker that is not running yet leaves its part to the caller, which then waits only for parts
 * already running (spinning briefly, then parked).
 *
 * <p>Waiting adapts to the machine. On a quiet machine a worker that has finished a part spins for
 * up to {@value #WORKER_SPIN_MICROS} µs waiting for the next call (longer than the serial stretches
 * of a training step), so it is awake when the call comes; a parked worker takes tens of
 * microseconds to wake. On a busy machine such spinning takes CPU time from the caller and from
 * other processes, so it stops: a waiting thread that finds it was descheduled while spinning (two
 * clock readings {@value #PREEMPTED_MICROS} µs or more apart where a microsecond is expected) stops
 * spinning; a second such finding within {@value #CONTENTION_WINDOW_MILLIS} ms marks the pool
 * contended for the next {@value #CONTENDED_MILLIS} ms, during which waiting threads spin for only
 * {@value #CONTENDED_SPIN_MICROS} µs before they park. (A single descheduling also happens on a
 * quiet machine, from an interrupt, the hypervisor or this process's own JIT and GC threads; with
 * one finding enough, a quiet machine's pool spent much of its time in the short-spin mode.)
 * After that the long spin is tried
 * again, so a machine that has become quiet gets its speed back, and on a busy one finding out
 * costs about one scheduler slice of spinning per {@value #CONTENDED_MILLIS} ms. A worker that is
 * woken still helps: on a busy machine a woken worker is scheduled soon (it has slept), while a
 * spinning one competes for the CPU the whole time.
 *
 * <p>Before each call the pool asks how many processors this process could use now (its own CPU
 * time plus the machine's idle time, measured every 200 ms from Linux's {@code /proc}; see
 * {@code CpuCapacity}). When another process keeps a processor busy, so that fewer are left than
 * the pool has threads, only as many threads as are left take part; with one left, the caller runs
 * the call alone, as one part, exactly as {@link #serial()} would (same results), and the workers
 * stay parked. Two threads sharing one processor with a competitor are slower than one thread:
 * each waits for the other whenever the scheduler runs the competitor. Where {@code /proc} cannot
 * be read, every thread is always used.
 *
 * <p>One kernel call at a time: concurrent calls from several threads on one instance are
 * serialized. {@link #close()} stops the workers (an unreachable instance is also cleaned up).
 *
 * <p>{@code -Dmeprop.parallel.trace=N} prints what the pools did every N ms to standard error
 * (calls, hand-off latency, the caller's waits, parks, preemptions; {@code PoolTrace}).
 */
public final class Parallelism implements AutoCloseable {
    private static final Parallelism SERIAL = new Parallelism(1);
    private static final Cleaner CLEANER = Cleaner.create();
    /** How long the caller spins waiting for the other parts before it parks. */
    private static final int SPIN_MICROS = 50;
    /** How long an idle worker spins waiting for the next call before it parks, on a quiet machine. */
    private static final int WORKER_SPIN_MICROS = 2000;
    /** How long any waiting thread spins before it parks while the pool is contended. */
    private static final int CONTENDED_SPIN_MICROS = 20;
    /** A gap this long between two clock readings of a spin loop means the thread was descheduled. */
    private static final int PREEMPTED_MICROS = 50;
    /** How long a detected contention keeps the spins short. */
    private static final int CONTENDED_MILLIS = 1000;
    /**
     * Two preemptions this close together mark the pool contended; a single one (a timer
     * interrupt, the hypervisor, this process's own JIT or GC thread) only ends that spin.
     */
    private static final int CONTENTION_WINDOW_MILLIS = 100;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    /** A unit of work split into parts; part p of parts runs on one thread. */
    interface Task {
        void run(int part, int parts);
    }

    private final int threads;
    private final Pool pool;
    private final Cleaner.Cleanable cleanable;

    private Parallelism(int threads) {
        this(threads, CpuCapacity.machine());
    }

    /**
     * A pool that splits every call over all its threads, whatever the machine's load (for tests
     * that compare split and serial results, so that a busy test machine cannot hide a split).
     */
    static Parallelism allThreads(int threads) {
        return threads == 1 ? SERIAL : new Parallelism(checkThreads(threads), CpuCapacity.assumed(Double.NaN));
    }

    /** A pool that asks {@code capacity} how many of its threads to use (tests pass their own). */
    Parallelism(int threads, CpuCapacity capacity) {
        this.threads = threads;
        if (threads == 1) {
            pool = null;
            cleanable = null;
        } else {
            pool = new Pool(threads, capacity);
            cleanable = CLEANER.register(this, pool::shutdown);
        }
    }

    /**
     * Work split over {@code threads} threads (the caller's and threads-1 workers).
     *
     * @param threads number of threads, ≥ 1; 1 gives {@link #serial()} and starts no thread
     * @return a new instance owning {@code threads - 1} workers (close it when done), or the shared
     *     serial instance for 1
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static Parallelism of(int threads) {
        checkThreads(threads);
        return threads == 1 ? SERIAL : new Parallelism(threads);
    }

    /**
     * Checks a thread count for {@link #of} without starting any thread.
     *
     * @param threads the thread count to check
     * @return {@code threads}
     * @throws IllegalArgumentException if it is below 1
     */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return threads;
    }

    /**
     * Everything on the calling thread.
     *
     * @return the shared single-thread instance (no workers; closing it does nothing)
     */
    public static Parallelism serial() {
        return SERIAL;
    }

    /**
     * Number of threads work is split over.
     *
     * @return the number of threads, ≥ 1 (the caller's included)
     */
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

    /** How many threads a call made now would use: {@link #threads()}, fewer while other processes hold the processors. */
    int usableThreads() {
        return pool == null ? 1 : pool.capacity.usableThreads(threads);
    }

    /**
     * Whether a preemption seen at {@code now} marks the pool contended, the previous one having
     * been seen at {@code previous} (both {@link System#nanoTime()}): when they are less than
     * {@value #CONTENTION_WINDOW_MILLIS} ms apart.
     */
    static boolean confirmsContention(long now, long previous) {
        return now - previous < CONTENTION_WINDOW_MILLIS * 1_000_000L;
    }

    /** Whether this pool was ever marked contended: two preemptions seen close together (for tests). */
    boolean wasContended() {
        return pool != null && pool.everContended;
    }

    /**
     * Runs {@code task.run(p, threads)} once for every p (on the caller or a worker), or
     * {@code task.run(0, 1)} once on the caller when the machine has no processor free for a worker
     * (the same results, see the class comment); returns when all are done.
     */
    void execute(Task task) {
        execute(task, usableThreads());
    }

    /**
     * {@link #execute(Task)} on {@code use} threads, a count the caller took from
     * {@link #usableThreads()} (so that the machine is asked once per call): 1 runs
     * {@code task.run(0, 1)} on the caller.
     */
    void execute(Task task, int use) {
        if (pool == null) {
            task.run(0, 1);
        } else if (use <= 1) {
            pool.checkOpen();
            PoolTrace.call(false);
            task.run(0, 1); // the workers stay parked
        } else {
            pool.execute(task, Math.min(use, threads));
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
        /** Threads the current call uses: the caller and workers 1 .. active-1 (see {@link CpuCapacity}). */
        private volatile int active;
        private final CpuCapacity capacity;
        private volatile int epoch;
        private volatile boolean closed;
        private volatile Thread waiter;
        private volatile Throwable failure;
        /** System.nanoTime() until which waiting threads spin only briefly (see the class comment). */
        private volatile long contendedUntil = System.nanoTime();
        /** Whether the pool was ever marked contended (for tests). */
        private volatile boolean everContended;
        /** System.nanoTime() when the current call was published, recorded only for {@link PoolTrace}. */
        private long publishedNanos;
        /** System.nanoTime() of the last preemption a waiting thread saw (see {@link #spinUntil}). */
        private volatile long lastPreempted = System.nanoTime() - CONTENTION_WINDOW_MILLIS * 2_000_000L;

        /** Conditions {@link #spinUntil} waits for (constants, so that waiting allocates nothing). */
        private static final int DONE = 0;
        private static final int NEXT_CALL = 1;

        Pool(int parts, CpuCapacity capacity) {
            this.parts = parts;
            this.capacity = capacity;
            this.active = parts;
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

        /** Throws IllegalStateException once the pool is closed. */
        void checkOpen() {
            if (closed) {
                throw new IllegalStateException("this Parallelism is closed");
            }
        }

        /** Runs the parts of t on the caller and workers 1 .. use-1 (2 ≤ use ≤ parts); the others stay parked. */
        synchronized void execute(Task t, int use) {
            checkOpen();
            PoolTrace.call(true);
            active = use;
            failure = null;
            done.set(0);
            task = t;
            int e = epoch + 1;
            claim.set((long) e << 32);
            if (PoolTrace.ENABLED) {
                publishedNanos = System.nanoTime(); // read by workers after the volatile epoch
            }
            epoch = e; // publishes the task (and everything the caller wrote before) to the workers
            for (int p = 1; p < use; p++) {
                if (parked[p - 1].get() != 0) {
                    LockSupport.unpark(workers[p - 1]);
                }
            }
            runParts(e);
            if (PoolTrace.ENABLED) {
                long ownDone = System.nanoTime();
                boolean parked = awaitDone();
                PoolTrace.callerWait(System.nanoTime() - ownDone, parked);
            } else {
                awaitDone();
            }
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

        /** Waits until every part of the call is done; returns whether it parked. */
        private boolean awaitDone() {
            if (spinUntil(DONE, 0, SPIN_MICROS)) {
                return false;
            }
            waiter = Thread.currentThread();
            while (done.get() != parts) {
                LockSupport.park(this);
            }
            waiter = null;
            return true;
        }

        private void workLoop(int worker) {
            AtomicInteger myParked = parked[worker - 1];
            int seen = 0;
            boolean idle = false;
            while (true) {
                int e = awaitEpoch(seen, myParked, idle);
                if (closed) {
                    return;
                }
                seen = e;
                idle = worker >= active;
                if (!idle) {
                    runParts(e);
                }
            }
        }

        /**
         * Spins (unless {@code idle}: the last call did not use this worker), then parks, until the
         * epoch moves past {@code seen} or the pool closes.
         */
        private int awaitEpoch(int seen, AtomicInteger myParked, boolean idle) {
            if (idle || !spinUntil(NEXT_CALL, seen, WORKER_SPIN_MICROS)) {
                PoolTrace.workerPark();
                myParked.set(1);
                while (epoch == seen && !closed) {
                    LockSupport.park(this);
                }
                myParked.set(0);
            } else if (PoolTrace.ENABLED) {
                PoolTrace.handoff(System.nanoTime() - publishedNanos);
            }
            return epoch;
        }

        /**
         * Spins (with {@link Thread#onSpinWait}) until the condition {@code ready} holds, for at most
         * {@code quietMicros} µs, or {@value #CONTENDED_SPIN_MICROS} µs while the pool is contended.
         * A gap of {@value #PREEMPTED_MICROS} µs or more between two clock readings (about 1 µs
         * apart when the thread runs) means it was descheduled: the spin ends at once, and when the
         * last such gap was less than {@value #CONTENTION_WINDOW_MILLIS} ms ago the pool is marked
         * contended.
         *
         * @param ready {@link #DONE} (all parts of the call finished) or {@link #NEXT_CALL} (the
         *              epoch moved past {@code seen}, or the pool closed)
         * @return whether {@code ready} held; false when the caller should park
         */
        private boolean spinUntil(int ready, int seen, int quietMicros) {
            long start = System.nanoTime();
            int micros = start - contendedUntil < 0 ? CONTENDED_SPIN_MICROS : quietMicros;
            long deadline = start + micros * 1000L;
            long last = start;
            for (int spins = 1; ; spins++) {
                if (ready == DONE ? done.get() == parts : epoch != seen || closed) {
                    return true;
                }
                if ((spins & 63) == 0) {
                    long now = System.nanoTime();
                    if (now - last >= PREEMPTED_MICROS * 1000L) {
                        boolean confirmed = confirmsContention(now, lastPreempted);
                        if (confirmed) {
                            everContended = true;
                            contendedUntil = now + CONTENDED_MILLIS * 1_000_000L;
                        }
                        PoolTrace.preemption(confirmed);
                        lastPreempted = now;
                        return false;
                    }
                    if (now - deadline >= 0) {
                        return false;
                    }
                    last = now;
                }
                Thread.onSpinWait();
            }
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
