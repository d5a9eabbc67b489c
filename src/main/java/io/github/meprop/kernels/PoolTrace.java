package io.github.meprop.kernels;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * An opt-in trace of what the {@link Parallelism} pools of this JVM did: with
 * {@code -Dmeprop.parallel.trace=N} a daemon thread prints one line to standard error every N ms,
 * for finding what limits a split step on a given machine (docs/benchmarks.md, "What slows two
 * threads"). Off by default: every recording call then tests a {@code static final} constant that
 * the JIT folds away. On, a pool call costs about four clock readings and a few counter adds.
 *
 * <p>One line per interval (all pools together; means over the interval's calls):
 * <pre>
 * meprop.parallel.trace t=MILLIS calls=C alone=A handoffNanos=H waitMicros=W callerParks=P workerParks=Q preemptions=R contended=M capacity=X
 * </pre>
 * <ul>
 *   <li>calls: calls split over threads or run alone; alone: those the capacity check ran on the
 *       caller only ({@code CpuCapacity});</li>
 *   <li>handoffNanos: from the caller publishing a call to a spinning worker starting it, the time
 *       a cache line takes from one core to the other plus a clock reading (parked workers are not
 *       counted);</li>
 *   <li>waitMicros: how long the caller, its own parts done, waited for the other threads' parts;
 *       callerParks: waits past the caller's spin; workerParks: workers that parked between calls;</li>
 *   <li>preemptions and contended: spins ended by a descheduling, and the pool marked contended
 *       (see {@link Parallelism});</li>
 *   <li>capacity: the processors this process could use, as last measured.</li>
 * </ul>
 */
final class PoolTrace {
    /** The system property: the interval in milliseconds; unset, 0 or invalid is off. */
    static final String PROPERTY = "meprop.parallel.trace";
    /** The interval read from {@value #PROPERTY} at class initialization, 0 when off. */
    static final long INTERVAL_MILLIS = interval(System.getProperty(PROPERTY));
    /** Whether the pools record (fixed for the JVM's life, so the JIT removes the disabled paths). */
    static final boolean ENABLED = INTERVAL_MILLIS > 0;
    private static final PoolTrace GLOBAL = ENABLED ? started(new PoolTrace(), INTERVAL_MILLIS, System.err) : null;

    private final LongAdder calls = new LongAdder();
    private final LongAdder alone = new LongAdder();
    private final LongAdder handoffNanos = new LongAdder();
    private final LongAdder handoffs = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder callerParks = new LongAdder();
    private final LongAdder workerParks = new LongAdder();
    private final LongAdder preemptions = new LongAdder();
    private final LongAdder contended = new LongAdder();
    /** The counters' values at the last {@link #drain}, in its order. */
    private long[] last = new long[10];

    /**
     * The interval a property value asks for.
     *
     * @param value the property's value, or null when unset
     * @return the interval in ms, or 0 (off) for null, 0 or a value that is not a positive whole
     *     number of milliseconds (the last with a warning through {@link System.Logger})
     */
    static long interval(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // warned below
        }
        System.getLogger("io.github.meprop.kernels").log(System.Logger.Level.WARNING,
                "meprop: ignoring -D" + PROPERTY + "=" + value + ": expected a whole number of milliseconds");
        return 0;
    }

    /** A call split over threads ({@code split}) or run on the caller alone. */
    static void call(boolean split) {
        if (ENABLED) {
            GLOBAL.recordCall(split);
        }
    }

    /** A spinning worker started a call {@code nanos} after the caller published it. */
    static void handoff(long nanos) {
        if (ENABLED) {
            GLOBAL.recordHandoff(nanos);
        }
    }

    /** The caller waited {@code nanos} for the other parts after its own; {@code parked} if past its spin. */
    static void callerWait(long nanos, boolean parked) {
        if (ENABLED) {
            GLOBAL.recordWait(nanos, parked);
        }
    }

    /** A worker parked between calls. */
    static void workerPark() {
        if (ENABLED) {
            GLOBAL.workerParks.increment();
        }
    }

    /** A spin ended by a descheduling; {@code marked} if it marked the pool contended. */
    static void preemption(boolean marked) {
        if (ENABLED) {
            GLOBAL.preemptions.increment();
            if (marked) {
                GLOBAL.contended.increment();
            }
        }
    }

    void recordCall(boolean split) {
        calls.increment();
        if (!split) {
            alone.increment();
        }
    }

    void recordHandoff(long nanos) {
        if (nanos >= 0) {
            handoffNanos.add(nanos);
            handoffs.increment();
        }
    }

    void recordWait(long nanos, boolean parked) {
        waitNanos.add(Math.max(0, nanos));
        waits.increment();
        if (parked) {
            callerParks.increment();
        }
    }

    /**
     * The line for the interval since the last call (the first: since this object was made). The
     * counters only grow and each line prints their growth, so an event recorded while a line is
     * being made shows in that line or the next, never in neither.
     *
     * @param millis the time printed, ms since the epoch
     * @param capacity the processors this process could use, NaN when unknown
     * @return the line, without a line break
     */
    synchronized String drain(long millis, double capacity) {
        long[] now = {calls.sum(), alone.sum(), handoffNanos.sum(), handoffs.sum(), waitNanos.sum(), waits.sum(),
            callerParks.sum(), workerParks.sum(), preemptions.sum(), contended.sum()};
        long[] d = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            d[i] = now[i] - last[i];
        }
        last = now;
        return String.format(Locale.ROOT,
                "meprop.parallel.trace t=%d calls=%d alone=%d handoffNanos=%d waitMicros=%.1f callerParks=%d"
                        + " workerParks=%d preemptions=%d contended=%d capacity=%.2f",
                millis, d[0], d[1], d[3] == 0 ? 0 : d[2] / d[3], d[5] == 0 ? 0.0 : d[4] / 1e3 / d[5],
                d[6], d[7], d[8], d[9], capacity);
    }

    private static PoolTrace started(PoolTrace trace, long intervalMillis, PrintStream out) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                out.println(trace.drain(System.currentTimeMillis(), CpuCapacity.machine().capacity()));
            }
        }, "meprop-parallel-trace");
        t.setDaemon(true);
        t.start();
        return trace;
    }
}
