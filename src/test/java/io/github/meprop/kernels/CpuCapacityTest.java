package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCapacityTest {

    @Test
    void threadsFollowTheCapacityWithAQuarterProcessorOfSlack() {
        assertEquals(2, CpuCapacity.threadsFor(Double.NaN, 2), "unknown: all threads");
        assertEquals(2, CpuCapacity.threadsFor(2.0, 2));
        assertEquals(2, CpuCapacity.threadsFor(1.8, 2), "a little background load keeps both");
        assertEquals(1, CpuCapacity.threadsFor(1.33, 2), "one CPU-bound competitor beside our two threads");
        assertEquals(1, CpuCapacity.threadsFor(1.0, 2), "one competitor beside our one thread");
        assertEquals(1, CpuCapacity.threadsFor(0.0, 4), "never fewer than one");
        assertEquals(2, CpuCapacity.threadsFor(2.0, 8), "never more than the processors free");
        assertEquals(3, CpuCapacity.threadsFor(3.5, 4));
        assertEquals(4, CpuCapacity.threadsFor(3.8, 4));
    }

    @Test
    void capacityIsOwnPlusIdleTimeOverTotalTime(@TempDir Path dir) throws Exception {
        Path machine = dir.resolve("stat");
        Path self = dir.resolve("self");
        // two processors; 1000 ticks so far
        writeMachine(machine, 300, 40, 600, 60);
        writeSelf(self, 120, 30);
        CpuCapacity c = CpuCapacity.open(machine, self);
        assertEquals(2, c.usableThreads(2), "nothing measured yet: all threads");

        // 200 more ticks (100 per processor): we ran 130, the competitor 70, nothing idle
        writeMachine(machine, 300 + 180, 40, 600, 60 + 20);
        writeSelf(self, 120 + 110, 30 + 20);
        Thread.sleep(CpuCapacity.SAMPLE_MILLIS + 20);
        assertEquals(1, c.usableThreads(2));
        assertEquals(1.3, c.capacity(), 1e-9);

        // 200 more: we ran 100, 100 idle (the competitor has gone)
        writeMachine(machine, 480 + 100, 40, 600 + 100, 80);
        writeSelf(self, 230 + 100, 50);
        Thread.sleep(CpuCapacity.SAMPLE_MILLIS + 20);
        assertEquals(2, c.usableThreads(2));
        assertEquals(2.0, c.capacity(), 1e-9);
    }

    @Test
    void unreadableOrMalformedFilesMeanEveryThreadIsUsed(@TempDir Path dir) throws Exception {
        assertEquals(3, CpuCapacity.open(dir.resolve("missing"), dir.resolve("missing too")).usableThreads(3));
        Path machine = dir.resolve("stat");
        Path self = dir.resolve("self");
        Files.writeString(machine, "intr 1 2 3\n");
        writeSelf(self, 1, 1);
        assertEquals(3, CpuCapacity.open(machine, self).usableThreads(3), "no per-processor lines");
        writeMachine(machine, 1, 1, 1, 1);
        Files.writeString(self, "123 (no closing parenthesis S 1 2 3\n");
        CpuCapacity c = CpuCapacity.open(machine, self);
        Thread.sleep(CpuCapacity.SAMPLE_MILLIS + 20);
        assertEquals(3, c.usableThreads(3));
        assertTrue(Double.isNaN(c.capacity()));
    }

    @Test
    void onLinuxTheMachineIsMeasured() throws InterruptedException {
        if (!Files.isReadable(Path.of("/proc/stat")) || !Files.isReadable(Path.of("/proc/self/stat"))) {
            return; // not Linux: nothing to measure, checked above
        }
        CpuCapacity c = CpuCapacity.open(Path.of("/proc/stat"), Path.of("/proc/self/stat"));
        Thread.sleep(CpuCapacity.SAMPLE_MILLIS + 50);
        int threads = c.usableThreads(64);
        double capacity = c.capacity();
        assertTrue(capacity >= 0 && capacity <= Runtime.getRuntime().availableProcessors() + 64, "capacity " + capacity);
        assertTrue(threads >= 1 && threads <= 64);
    }

    /** A /proc/stat with two processors: user nice system idle iowait irq softirq steal (split evenly). */
    private static void writeMachine(Path file, long user, long system, long idle, long other) throws IOException {
        String all = "cpu  " + user + " 0 " + system + " " + idle + " 0 0 0 " + other + " 0 0\n";
        String one = " " + user / 2 + " 0 " + system / 2 + " " + idle / 2 + " 0 0 0 " + other / 2 + " 0 0\n";
        Files.writeString(file, all + "cpu0" + one + "cpu1" + one + "intr 12345 0 0\nctxt 999\n");
    }

    /** A /proc/self/stat whose command name holds spaces and parentheses, as a thread name may. */
    private static void writeSelf(Path file, long utime, long stime) throws IOException {
        Files.writeString(file, "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 10 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 30 0 100 0 0\n");
    }
}
