package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's hand-off, waiting and failure handling. Tests of the split itself use
 * {@code Parallelism.allThreads}, which splits whatever the machine's load: a pool from
 * {@code Parallelism.of} runs a call alone on the caller while other processes hold the
 * processors (see the last test), which a busy build machine may well do.
 */
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
        try (Parallelism par = Parallelism.allThreads(3)) {
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
        try (Parallelism par = Parallelism.allThreads(2)) {
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
        try (Parallelism par = Parallelism.allThreads(2)) {
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
    void underContentionEveryPartStillRunsOnce() throws InterruptedException {
        // More runnable threads than processors: busy threads that never yield, as another process would.
        int busy = 2 * Runtime.getRuntime().availableProcessors();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] hogs = new Thread[busy];
        for (int i = 0; i < busy; i++) {
            hogs[i] = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            hogs[i].setDaemon(true);
            hogs[i].start();
        }
        try (Parallelism par = Parallelism.allThreads(2)) {
            for (int call = 0; call < 2000; call++) {
                AtomicIntegerArray thisCall = new AtomicIntegerArray(2);
                par.execute((part, parts) -> {
                    thisCall.incrementAndGet(part);
                    long end = System.nanoTime() + 20_000; // 20 us of work per part
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
                assertEquals(1, thisCall.get(0), "call " + call);
                assertEquals(1, thisCall.get(1), "call " + call);
            }
        } finally {
            stop.set(true);
            for (Thread t : hogs) {
                t.join();
            }
        }
    }

    /**
     * The pool marks itself contended when a waiting thread is stopped twice within 100 ms. Here
     * the stops are garbage collections: every Java thread halts at the collection's safepoint, so
     * the worker spinning for the next call sees the same gap in its clock readings (several ms) as
     * when the scheduler runs another process. (Busy threads make such stops only by chance: on a
     * 2-vCPU Zen 4 host, 3 s beside four of them sometimes passed without two within 100 ms, as the
     * worker, kept busy, seldom spins; so {@link #underContentionEveryPartStillRunsOnce} checks only
     * the results.)
     */
    @Test
    void aWaitingWorkerStoppedTwiceWithin100MillisecondsMarksThePoolContended() {
        try (Parallelism par = Parallelism.allThreads(2)) {
            assertFalse(par.wasContended(), "a new pool");
            int calls = 0;
            while (calls < 200 && !par.wasContended()) {
                AtomicIntegerArray thisCall = new AtomicIntegerArray(2);
                par.execute((part, parts) -> thisCall.incrementAndGet(part));
                assertEquals(1, thisCall.get(0), "call " + calls);
                assertEquals(1, thisCall.get(1), "call " + calls);
                calls++;
                System.gc(); // stops the worker while it spins for the next call
            }
            assertTrue(par.wasContended(), "no two stops within 100 ms noticed in " + calls + " calls");
            AtomicIntegerArray after = new AtomicIntegerArray(2);
            par.execute((part, parts) -> after.incrementAndGet(part));
            assertEquals(1, after.get(0), "a contended pool still runs every part once");
            assertEquals(1, after.get(1), "a contended pool still runs every part once");
        }
    }

    @Test
    void onlyASecondPreemptionWithin100MillisecondsMarksThePoolContended() {
        long t = 5_000_000_000L;
        assertTrue(Parallelism.confirmsContention(t, t - 99_999_999L));
        assertTrue(Parallelism.confirmsContention(t, t - 1_000L));
        assertFalse(Parallelism.confirmsContention(t, t - 100_000_000L), "100 ms apart is two separate events");
        assertFalse(Parallelism.confirmsContention(t, t - 2_000_000_000L));
        // nanoTime may be negative and wrap: only the difference counts
        assertTrue(Parallelism.confirmsContention(Long.MIN_VALUE + 10, Long.MAX_VALUE - 10));
    }

    @Test
    void checkThreadsNamesTheProblemWithoutStartingThreads() {
        assertEquals(5, Parallelism.checkThreads(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.checkThreads(-1));
        assertEquals("threads must be >= 1, was -1", e.getMessage());
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

    @Test
    void withoutCapacityForAWorkerTheCallerRunsTheCallAsOnOneThread() {
        CpuCapacity capacity = CpuCapacity.assumed(1.0); // another process holds the second processor
        try (Parallelism par = new Parallelism(3, capacity)) {
            assertEquals(1, par.usableThreads(), "what the kernels ask before taking their serial code");
            for (int call = 0; call < 200; call++) {
                java.util.List<Integer> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
                par.execute((part, parts) -> {
                    assertEquals(1, parts, "one part, as on one thread");
                    order.add(part);
                    threads.add(Thread.currentThread());
                });
                assertEquals(java.util.List.of(0), order);
                assertEquals(java.util.Set.of(Thread.currentThread()), threads);
            }
            RuntimeException e = assertThrows(RuntimeException.class, () -> par.execute((part, parts) -> {
                throw new IllegalStateException("boom in part " + part);
            }));
            assertEquals("boom in part 0", e.getMessage());

            capacity.assume(2.0); // the competitor has gone: the caller and one worker share the parts
            assertEquals(2, par.usableThreads());
            java.util.Set<String> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int call = 0; call < 300; call++) {
                AtomicIntegerArray thisCall = new AtomicIntegerArray(3);
                par.execute((part, parts) -> {
                    thisCall.incrementAndGet(part);
                    runners.add(Thread.currentThread().getName());
                    long end = System.nanoTime() + 50_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
                for (int p = 0; p < 3; p++) {
                    assertEquals(1, thisCall.get(p), "part " + p + " of call " + call);
                }
            }
            assertTrue(runners.stream().noneMatch(n -> n.endsWith("-2")), "the third thread stays parked: " + runners);
            assertTrue(runners.stream().anyMatch(n -> n.endsWith("-1")), "the first worker helps: " + runners);

            capacity.assume(Double.NaN); // unknown: every thread is used
            java.util.Set<String> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int call = 0; call < 300 && all.size() < 3; call++) {
                par.execute((part, parts) -> {
                    all.add(Thread.currentThread().getName());
                    long end = System.nanoTime() + 50_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertEquals(3, all.size(), "caller and both workers ran parts: " + all);
        }
    }
}
