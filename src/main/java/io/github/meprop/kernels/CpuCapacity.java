package io.github.meprop.kernels;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many processors this process could keep busy right now: its own CPU time plus the machine's
 * idle time, per unit of wall time, measured over the last {@value #SAMPLE_MILLIS} ms or more from
 * Linux's {@code /proc/stat} (machine) and {@code /proc/self/stat} (this process).
 *
 * <p>capacity = (Δ own CPU time + Δ idle time) · processors / Δ total CPU time, all in clock ticks.
 * On a quiet machine it is the processor count, whatever this process does (what it does not use
 * is idle). With one CPU-bound competing process on 2 processors it falls to about 1.3 while this
 * process runs 2 threads, and to 1 while it runs one, so that a pool that steps down to one thread
 * when it sees it stays there until the competitor has gone. Other processes that only sleep, and
 * this process's own threads (its JIT and GC included), do not lower it.
 *
 * <p>Cost: two small file reads per {@value #SAMPLE_MILLIS} ms, into buffers allocated once; other
 * calls read one clock. Where {@code /proc} is missing or unreadable (not Linux, a sandbox) the
 * capacity is unknown and {@link #usableThreads} returns its argument unchanged.
 */
final class CpuCapacity {
    /** Shortest interval the capacity is measured over. */
    static final int SAMPLE_MILLIS = 200;
    /** A thread is used when at least this much more than the capacity of the ones before it is left. */
    static final double MIN_SHARE = 0.75;

    private static final CpuCapacity MACHINE = open(Path.of("/proc/stat"), Path.of("/proc/self/stat"));

    private final RandomAccessFile machine;
    private final RandomAccessFile self;
    private final int processors;
    private final byte[] buffer = new byte[1024];
    private final long[] fields = new long[8];
    private volatile long lastNanos;
    private long lastOwn;
    private long lastIdle;
    private long lastTotal;
    /** The last measured capacity in processors, or NaN before the first measurement. */
    private volatile double capacity = Double.NaN;
    private boolean broken;

    private CpuCapacity(RandomAccessFile machine, RandomAccessFile self, int processors) {
        this.machine = machine;
        this.self = self;
        this.processors = processors;
    }

    /**
     * The capacity of the machine this JVM runs on.
     *
     * @return the shared instance (measuring nothing where /proc is missing)
     */
    static CpuCapacity machine() {
        return MACHINE;
    }

    /**
     * Opens the two files, or returns an instance that measures nothing if they cannot be read.
     *
     * @param machineStat a file in the format of /proc/stat
     * @param selfStat a file in the format of /proc/[pid]/stat
     * @return the instance
     */
    static CpuCapacity open(Path machineStat, Path selfStat) {
        try {
            int processors = 0;
            for (String line : Files.readAllLines(machineStat, StandardCharsets.US_ASCII)) {
                if (line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                    processors++;
                }
            }
            if (processors == 0) {
                return new CpuCapacity(null, null, 0);
            }
            CpuCapacity c = new CpuCapacity(
                    new RandomAccessFile(machineStat.toFile(), "r"), new RandomAccessFile(selfStat.toFile(), "r"), processors);
            c.sample(System.nanoTime());
            return c;
        } catch (IOException | RuntimeException e) {
            return new CpuCapacity(null, null, 0);
        }
    }

    /**
     * How many of {@code threads} threads are worth running now: all of them unless the last
     * measurement shows less capacity, then the largest n with capacity ≥ n − 1 + {@value #MIN_SHARE}
     * (at least 1). Measures again when {@value #SAMPLE_MILLIS} ms have passed since the last time.
     *
     * @param threads threads available, ≥ 1
     * @return threads to use, in [1, threads]
     */
    int usableThreads(int threads) {
        if (machine == null) {
            return threadsFor(capacity, threads);
        }
        long now = System.nanoTime();
        if (now - lastNanos >= SAMPLE_MILLIS * 1_000_000L) {
            synchronized (this) {
                if (now - lastNanos >= SAMPLE_MILLIS * 1_000_000L) {
                    sample(now);
                }
            }
        }
        return threadsFor(capacity, threads);
    }

    /**
     * The thread count {@link #usableThreads} gives for a measured capacity.
     *
     * @param capacity processors available, or NaN when unknown
     * @param threads threads available, ≥ 1
     * @return threads to use, in [1, threads]
     */
    static int threadsFor(double capacity, int threads) {
        if (!(capacity >= 0)) {
            return threads;
        }
        int n = (int) Math.floor(capacity + 1 - MIN_SHARE);
        return Math.max(1, Math.min(threads, n));
    }

    /**
     * An instance that measures nothing and reports {@code capacity} until told otherwise (for tests).
     *
     * @param capacity processors available, NaN for unknown
     * @return the instance
     */
    static CpuCapacity assumed(double capacity) {
        CpuCapacity c = new CpuCapacity(null, null, 0);
        c.capacity = capacity;
        return c;
    }

    /**
     * Changes what an {@link #assumed} instance reports (for tests).
     *
     * @param capacity processors available, NaN for unknown
     */
    void assume(double capacity) {
        if (machine != null) {
            throw new IllegalStateException("this instance measures the machine");
        }
        this.capacity = capacity;
    }

    /** The last measured capacity in processors, NaN if none (for tests and reports). */
    double capacity() {
        return capacity;
    }

    private void sample(long now) {
        if (broken) {
            lastNanos = now;
            return;
        }
        try {
            int n = read(machine);
            // "cpu  user nice system idle iowait irq softirq steal ..." (the first line, all processors)
            int at = skipWord(n, 0);
            long total = 0;
            long idle = 0;
            for (int f = 0; f < 8; f++) {
                at = parseLong(n, at, f);
                total += fields[f];
                if (f == 3 || f == 4) {
                    idle += fields[f];
                }
            }
            n = read(self);
            // "pid (comm) state ppid ... utime stime ..." : utime and stime are fields 14 and 15; comm may hold spaces
            int close = lastIndexOf(n, (byte) ')');
            if (close < 0) {
                throw new IOException("no ')' in the process's stat line");
            }
            at = close + 1;
            for (int f = 3; f <= 13; f++) {
                at = skipWord(n, at);
            }
            at = parseLong(n, at, 0);
            long own = fields[0];
            at = parseLong(n, at, 0);
            own += fields[0];
            long dTotal = total - lastTotal;
            if (lastNanos != 0 && dTotal > 0) {
                double c = (double) (own - lastOwn + idle - lastIdle) * processors / dTotal;
                capacity = Math.max(0, Math.min(processors, c));
            }
            lastOwn = own;
            lastIdle = idle;
            lastTotal = total;
        } catch (IOException | RuntimeException e) {
            broken = true; // measures nothing from now on: every thread is used, as without /proc
            capacity = Double.NaN;
        }
        lastNanos = now == 0 ? 1 : now;
    }

    private int read(RandomAccessFile file) throws IOException {
        file.seek(0);
        int n = 0;
        while (n < buffer.length) {
            int r = file.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            int nl = indexOf(n, (byte) '\n');
            if (nl >= 0) {
                return nl;
            }
        }
        return n;
    }

    private int indexOf(int n, byte b) {
        for (int i = 0; i < n; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(int n, byte b) {
        for (int i = n - 1; i >= 0; i--) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Skips spaces, then one word; returns the index after it. */
    private int skipWord(int n, int at) throws IOException {
        while (at < n && buffer[at] == ' ') {
            at++;
        }
        if (at >= n) {
            throw new IOException("stat line ends early");
        }
        while (at < n && buffer[at] != ' ') {
            at++;
        }
        return at;
    }

    /** Skips spaces, then parses a decimal number into fields[f]; returns the index after it. */
    private int parseLong(int n, int at, int f) throws IOException {
        while (at < n && buffer[at] == ' ') {
            at++;
        }
        long v = 0;
        int start = at;
        while (at < n && buffer[at] >= '0' && buffer[at] <= '9') {
            v = v * 10 + (buffer[at] - '0');
            at++;
        }
        if (at == start) {
            throw new IOException("stat line: a number expected at " + start);
        }
        fields[f] = v;
        return at;
    }
}
