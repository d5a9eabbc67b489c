package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PoolTraceTest {
    private static final Pattern LINE = Pattern.compile(
            "meprop\\.parallel\\.trace t=\\d+ calls=(\\d+) alone=(\\d+) handoffNanos=(\\d+) waitMicros=([\\d.]+)"
                    + " callerParks=(\\d+) workerParks=(\\d+) preemptions=(\\d+) contended=(\\d+) capacity=(\\S+)");

    @Test
    void theIntervalIsAWholeNumberOfMillisecondsAndAnythingElseIsOff() {
        assertEquals(0, PoolTrace.interval(null));
        assertEquals(500, PoolTrace.interval("500"));
        assertEquals(250, PoolTrace.interval(" 250 "));
        assertEquals(0, PoolTrace.interval("0"));
        assertEquals(0, PoolTrace.interval("-1"), "negative: off, with a warning");
        assertEquals(0, PoolTrace.interval("1s"), "not a number: off, with a warning");
        assertEquals(PoolTrace.interval(System.getProperty(PoolTrace.PROPERTY)) > 0, PoolTrace.ENABLED);
    }

    @Test
    void aLineGivesTheIntervalsCountsAndMeansThenStartsAgain() {
        PoolTrace t = new PoolTrace();
        t.recordCall(true);
        t.recordCall(true);
        t.recordCall(true);
        t.recordCall(false);
        t.recordHandoff(100);
        t.recordHandoff(301);
        t.recordHandoff(-5); // a clock that went back: not counted
        t.recordWait(1_000, false);
        t.recordWait(3_000, true);
        assertEquals("meprop.parallel.trace t=42 calls=4 alone=1 handoffNanos=200 waitMicros=2.0 callerParks=1"
                + " workerParks=0 preemptions=0 contended=0 capacity=1.95", t.drain(42, 1.95));
        assertEquals("meprop.parallel.trace t=43 calls=0 alone=0 handoffNanos=0 waitMicros=0.0 callerParks=0"
                + " workerParks=0 preemptions=0 contended=0 capacity=NaN", t.drain(43, Double.NaN));
    }

    /** In a JVM started with the property, the lines count every call of a two-thread pool. */
    @Test
    void aJvmStartedWithThePropertyPrintsEveryCall() throws IOException, InterruptedException {
        // The java of this JVM, or the wrapper that runs it (-P jdk21: meprop.test.java).
        String java = System.getProperty("meprop.test.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-D" + PoolTrace.PROPERTY + "=50", "-cp", System.getProperty("java.class.path"),
                TracedCalls.class.getName()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(0, p.exitValue(), err);
        long made = Long.parseLong(out.trim());
        long calls = 0;
        long alone = 0;
        int lines = 0;
        for (String line : List.of(err.split("\\R"))) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                lines++;
                calls += Long.parseLong(m.group(1));
                alone += Long.parseLong(m.group(2));
                Double.parseDouble(m.group(4));
            } else {
                assertFalse(line.startsWith("meprop.parallel.trace"), "malformed line: " + line);
            }
        }
        assertTrue(lines >= 3, "a line every 50 ms for about 400 ms: " + err);
        assertTrue(made > 0);
        assertEquals(made, calls, "every call counted once");
        assertEquals(0, alone, "a pool that always splits runs no call alone");
    }

    /** The child JVM: back-to-back calls of a pool of two for 300 ms, then quiet until the trace has printed them all. */
    static final class TracedCalls {
        public static void main(String[] args) throws InterruptedException {
            AtomicInteger parts = new AtomicInteger();
            long made = 0;
            try (Parallelism par = Parallelism.allThreads(2)) {
                long end = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < end) {
                    par.execute((part, n) -> parts.incrementAndGet());
                    made++;
                }
            }
            Thread.sleep(200);
            System.out.println(made);
            if (parts.get() != 2 * made) {
                throw new AssertionError("parts " + parts.get() + " for " + made + " calls");
            }
        }
    }
}
