package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelismTest {

    @Test
    void threadCountMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.of(0));
        assertEquals("threads must be >= 1, was 0", e.getMessage());
        assertSame(Parallelism.serial(), Parallelism.of(1));
        assertEquals(1, Parallelism.serial().threads());
        try (Parallelism p = Parallelism.of(3)) {
            assertEquals(3, p.threads());
        }
    }

    @Test
    void everyPartRunsExactlyOncePerCallOnItsOwnThread() throws InterruptedException {
        try (Parallelism par = Parallelism.of(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            Thread[] seen = new Thread[3];
            for (int call = 1; call <= 2000; call++) {
                par.execute((part, parts) -> {
                    assertEquals(3, parts);
                    runs.incrementAndGet(part);
                    seen[part] = Thread.currentThread();
                });
                if (call % 500 == 0) {
                    Thread.sleep(2); // longer than the spin: the workers park and must be woken
                }
            }
            for (int p = 0; p < 3; p++) {
                assertEquals(2000, runs.get(p), "part " + p);
            }
            assertSame(Thread.currentThread(), seen[0], "part 0 runs on the caller");
            assertTrue(seen[1] != seen[2] && seen[1] != seen[0], "parts 1 and 2 run on the workers");
            assertTrue(seen[1].isDaemon() && seen[2].isDaemon(), "workers are daemon threads");
        }
    }

    @Test
    void aFailingPartIsRethrownToTheCaller() {
        try (Parallelism par = Parallelism.of(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.execute((part, parts) -> {
                if (part == 1) {
                    throw new IllegalStateException("boom in part 1");
                }
            }));
            assertEquals("boom in part 1", e.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            par.execute((part, parts) -> runs.incrementAndGet(part));
            assertEquals(1, runs.get(1), "still usable after a failure");
        }
    }

    @Test
    void aClosedInstanceRefusesWork() {
        Parallelism par = Parallelism.of(2);
        par.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.execute((part, parts) -> { }));
        assertEquals("this Parallelism is closed", e.getMessage());
        par.close(); // idempotent
        Parallelism.serial().close(); // no-op
        Parallelism.serial().execute((part, parts) -> assertEquals(1, parts));
    }
}
