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
    void everyPartRunsExactlyOncePerCall() throws InterruptedException {
        try (Parallelism par = Parallelism.of(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int call = 1; call <= 2000; call++) {
                AtomicIntegerArray thisCall = new AtomicIntegerArray(3);
                par.execute((part, parts) -> {
                    assertEquals(3, parts);
                    runs.incrementAndGet(part);
                    thisCall.incrementAndGet(part);
                    threads.add(Thread.currentThread());
                });
                for (int p = 0; p < 3; p++) {
                    assertEquals(1, thisCall.get(p), "part " + p + " of call " + call);
                }
                if (call % 500 == 0) {
                    Thread.sleep(2); // longer than the spin: the workers park and must be woken
                }
            }
            for (int p = 0; p < 3; p++) {
                assertEquals(2000, runs.get(p), "part " + p);
            }
            assertTrue(threads.size() <= 3, "parts run on the caller and the two workers only: " + threads);
            for (Thread t : threads) {
                assertTrue(t == Thread.currentThread() || (t.isDaemon() && t.getName().startsWith("meprop-parallel-")),
                        "unexpected thread " + t);
            }
        }
    }

    @Test
    void aSlowPartDoesNotRunTwiceAndTheCallWaitsForIt() {
        try (Parallelism par = Parallelism.of(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            par.execute((part, parts) -> {
                if (runs.incrementAndGet(part) == 1 && part == 1) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertEquals(1, runs.get(0));
            assertEquals(1, runs.get(1));
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
