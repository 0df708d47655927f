package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksRcuTest {
    private final List<TasksRcu> domains = new ArrayList<>();

    private TasksRcu domain(TasksRcu.Builder b) {
        TasksRcu d = b.build();
        domains.add(d);
        return d;
    }

    private TasksRcu domain() {
        return domain(TasksRcu.builder().name("test"));
    }

    @AfterEach
    void closeAll() throws Exception {
        // Bounded: a test that failed with a grace period stuck must not hang the suite in close().
        CompletableFuture<Void> closing = Async.run(() -> domains.forEach(TasksRcu::close));
        closing.get(30, TimeUnit.SECONDS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void synchronizeReturnsWhenNoThreadIsInAReadSection() {
        TasksRcu d = domain();
        d.synchronize();
        d.synchronizeExpedited();
        TasksRcuStats s = d.stats();
        assertEquals(2, s.gracePeriodsCompleted());
        assertEquals(1, s.expeditedCompleted());
        assertEquals(2, s.latency().total());
    }

    @Test
    void synchronizeWaitsForAReaderInsideItsSection() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(SpinningReader.class);
        SpinningReader reader = new SpinningReader();
        Thread t = reader.start("reader");
        try {
            CompletableFuture<Void> gp = Async.run(d::synchronizeExpedited);
            // However long we wait, the grace period cannot end while the reader is inside.
            assertThrows(java.util.concurrent.TimeoutException.class, () -> gp.get(300, TimeUnit.MILLISECONDS));
            assertTrue(d.stats().samplesTaken() > 0, "the holdout was sampled: " + d.stats());
            reader.release = true;
            gp.get(30, TimeUnit.SECONDS);
            assertTrue(reader.left);
        } finally {
            reader.release = true;
            t.join();
        }
    }

    /** A thread that spins inside a registered reader frame: sampling can never clear it. */
    static final class ReaderLoop {
        static void run(AtomicInteger stop, boolean report) {
            run(stop, report, new CountDownLatch(1));
        }

        /** Counts {@code entered} down from inside the loop's frame: a sample from then on shows the reader. */
        static void run(AtomicInteger stop, boolean report, CountDownLatch entered) {
            entered.countDown();
            while (stop.get() == 0) {
                for (int i = 0; i < 1000; i++) {
                    Thread.onSpinWait();
                }
                if (report) {
                    Quiescence.report(); // between two read sections
                }
            }
        }
    }

    @Test
    void hookCountersClearAThreadThatSamplingCannot() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(ReaderLoop.class);
        AtomicInteger stop = new AtomicInteger();
        Thread busy = new Thread(() -> ReaderLoop.run(stop, true), "reporting-reader");
        busy.start();
        try {
            for (int i = 0; i < 20; i++) {
                d.synchronize();
            }
            d.synchronizeExpedited();
        } finally {
            stop.set(1);
            busy.join();
        }
    }

    @Test
    void offlineClearsAThreadThatSamplingCannot() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(ReaderLoop.class);
        CountDownLatch off = new CountDownLatch(1);
        AtomicInteger stop = new AtomicInteger();
        Thread busy = new Thread(() -> {
            Quiescence.offline();
            off.countDown();
            ReaderLoop.run(stop, false); // read-side frames on the stack, but offline: no read sections
            Quiescence.online();
        }, "offline-reader");
        busy.start();
        off.await();
        try {
            d.synchronize();
            d.synchronizeExpedited();
        } finally {
            stop.set(1);
            busy.join();
        }
    }

    @Test
    void withoutReportsTheReaderLoopHoldsTheGracePeriod() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(ReaderLoop.class);
        AtomicInteger stop = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        Thread busy = new Thread(() -> ReaderLoop.run(stop, false, entered), "silent-reader");
        busy.start();
        // Inside the loop before the grace period starts: a sample taken before the thread got there shows it
        // outside every read section, and clears it.
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        try {
            CompletableFuture<Void> gp = Async.run(d::synchronizeExpedited);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> gp.get(300, TimeUnit.MILLISECONDS));
            stop.set(1);
            gp.get(30, TimeUnit.SECONDS);
        } finally {
            stop.set(1);
            busy.join();
        }
    }

    @Test
    void aHoldoutThatExitsMidGracePeriodIsCleared() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(SpinningReader.class);
        SpinningReader reader = new SpinningReader();
        Thread t = reader.start("exiting-reader");
        CompletableFuture<Void> gp = Async.run(d::synchronize);
        Thread.sleep(50);
        assertFalse(gp.isDone());
        reader.release = true; // the thread leaves the section and terminates
        t.join();
        gp.get(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentCallersShareGracePeriods() throws Exception {
        TasksRcu d = domain();
        int threads = 8;
        int each = 50;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < each; j++) {
                    d.synchronize();
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long gps = d.stats().gracePeriodsCompleted();
        assertTrue(gps < threads * each, "expected shared grace periods, got " + gps);
    }

    @Test
    void callRunsAfterAGracePeriodOnTheCallbackThreadInOrder() throws Exception {
        TasksRcu d = domain();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> threadName = new AtomicReference<>();
        long before = d.stats().gracePeriodsCompleted();
        for (int i = 0; i < 100; i++) {
            int n = i;
            d.call(() -> {
                order.add(n);
                threadName.set(Thread.currentThread().getName());
            });
        }
        d.barrier();
        assertEquals(100, order.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, order.get(i));
        }
        assertTrue(threadName.get().startsWith("quiesce-wq-cb-test-"), "ran on " + threadName.get());
        assertTrue(d.stats().gracePeriodsCompleted() > before);
        assertEquals(0, d.stats().callbacksPending());
        assertEquals(100, d.stats().callbacksInvoked());
    }

    @Test
    void callbackDoesNotRunBeforeAReaderLeaves() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(SpinningReader.class);
        SpinningReader reader = new SpinningReader();
        Thread t = reader.start("reader2");
        try {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Boolean> readerLeftFirst = new AtomicReference<>();
            d.call(() -> {
                readerLeftFirst.set(reader.left);
                ran.countDown();
            });
            assertFalse(ran.await(300, TimeUnit.MILLISECONDS), "callback ran while the reader was inside");
            reader.release = true;
            assertTrue(ran.await(30, TimeUnit.SECONDS));
            assertTrue(readerLeftFirst.get());
        } finally {
            reader.release = true;
            t.join();
        }
    }

    @Test
    void callbackThatThrowsIsCountedAndTheRestRun() {
        TasksRcu d = domain();
        AtomicInteger ran = new AtomicInteger();
        d.call(ran::incrementAndGet);
        d.call(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        d.call(ran::incrementAndGet);
        d.barrier();
        assertEquals(2, ran.get());
        assertEquals(1, d.stats().callbacksFailed());
        assertEquals(3, d.stats().callbacksInvoked());
    }

    @Test
    void retireClosesAfterAGracePeriod() throws Exception {
        TasksRcu d = domain();
        CountDownLatch closed = new CountDownLatch(1);
        d.retire(closed::countDown);
        d.retire(() -> {
            throw new java.io.IOException("close failed (expected by the test)");
        });
        d.barrier();
        assertEquals(0, closed.getCount());
        assertEquals(1, d.stats().retired());
        assertEquals(1, d.stats().retireFailures());
        assertThrows(NullPointerException.class, () -> d.retire(null));
    }

    /**
     * Callers that find their stripe without a page wait for the first one's allocation instead of each
     * allocating: eight threads of one stripe, the allocation held until the other seven wait, make one page.
     */
    @Test
    void concurrentRetirersOfAStripeWaitForOneAllocation() throws Exception {
        AtomicInteger allocations = new AtomicInteger();
        CountDownLatch allocating = new CountDownLatch(1);
        CountDownLatch finishAllocation = new CountDownLatch(1);
        TasksRcu d = domain(TasksRcu.builder().name("one-allocation").retirePages(() -> {
            if (allocations.incrementAndGet() == 1) {
                allocating.countDown();
                try {
                    finishAllocation.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new AutoCloseable[RetirePages.PAGE];
        }, 64));
        int stripes = Math.max(1, Runtime.getRuntime().availableProcessors() * 2); // as RetirePages makes them
        AtomicInteger closed = new AtomicInteger();
        List<Thread> sameStripe = new ArrayList<>();
        while (sameStripe.size() < 8) {
            Thread t = new Thread(() -> d.retire(closed::incrementAndGet));
            if (sameStripe.isEmpty() || t.getId() % stripes == sameStripe.get(0).getId() % stripes) {
                sameStripe.add(t);
            }
        }
        sameStripe.get(0).start();
        assertTrue(allocating.await(20, TimeUnit.SECONDS));
        for (Thread t : sameStripe.subList(1, 8)) {
            t.start();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sameStripe.subList(1, 8).stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            assertTrue(System.nanoTime() < end, "the other retirers never waited for the allocation");
            Thread.sleep(1);
        }
        finishAllocation.countDown();
        for (Thread t : sameStripe) {
            t.join(20_000);
        }
        d.barrier();
        assertEquals(8, closed.get());
        assertEquals(1, allocations.get(), "each waiting retirer allocated a page of its own");
    }

    @Test
    void synchronizeFromACallbackFailsFast() {
        TasksRcu d = domain();
        AtomicReference<Throwable> sync = new AtomicReference<>();
        AtomicReference<Throwable> barrier = new AtomicReference<>();
        d.call(() -> {
            try {
                d.synchronize();
            } catch (Throwable e) {
                sync.set(e);
            }
            try {
                d.barrier();
            } catch (Throwable e) {
                barrier.set(e);
            }
        });
        d.barrier();
        assertTrue(sync.get() instanceof IllegalStateException, String.valueOf(sync.get()));
        assertTrue(sync.get().getMessage().contains("from an RCU callback"), sync.get().getMessage());
        assertTrue(barrier.get() instanceof IllegalStateException, String.valueOf(barrier.get()));
    }

    @Test
    void closeRunsEveryAcceptedCallbackAndRefusesNewOnes() {
        TasksRcu d = TasksRcu.builder().name("closing").build();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            d.call(ran::incrementAndGet);
        }
        d.close();
        assertEquals(1000, ran.get());
        assertTrue(d.isClosed());
        AtomicInteger late = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.call(late::incrementAndGet));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, d::synchronize);
        assertThrows(IllegalStateException.class, d::pollCookie);
        d.barrier(); // nothing pending: returns
        d.close(); // idempotent
        assertEquals(0, late.get());
    }

    @Test
    void callRacingWithCloseIsEitherRunOrRefused() throws Exception {
        for (int round = 0; round < 20; round++) {
            TasksRcu d = TasksRcu.builder().name("race").build();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            Thread caller = new Thread(() -> {
                for (;;) {
                    try {
                        d.call(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        return;
                    }
                }
            });
            caller.start();
            Thread.sleep(2);
            d.close();
            caller.join();
            assertEquals(accepted.get(), ran.get(), "every accepted callback ran");
        }
    }

    @Test
    void theProcessWideDomainCannotBeClosed() {
        TasksRcu tasks = TasksRcu.tasks();
        assertEquals("tasks", tasks.name());
        tasks.synchronize();
        assertThrows(UnsupportedOperationException.class, tasks::close);
        tasks.synchronize();
    }

    @Test
    void polledCookies() {
        TasksRcu d = domain();
        long c = d.pollCookie();
        d.synchronizeIfNeeded(c);
        assertTrue(d.pollDone(c));
        long c2 = d.pollCookie();
        assertNotEquals(c, c2);
        while (!d.pollDone(c2)) {
            sleep(1); // a poller must be seen quiescent: a busy loop would hold its own grace period
        }
        long before = d.stats().gracePeriodsCompleted();
        d.synchronizeIfNeeded(c2); // already done: no new grace period
        assertEquals(before, d.stats().gracePeriodsCompleted());
        assertThrows(IllegalArgumentException.class, () -> d.pollDone(-1));
    }

    @Test
    void barrierWithNothingPendingReturns() {
        TasksRcu d = domain();
        d.barrier();
        assertEquals(0, d.stats().gracePeriodsCompleted());
    }

    @Test
    void synchronizeKeepsTheInterruptStatus() {
        TasksRcu d = domain();
        Thread.currentThread().interrupt();
        d.synchronize();
        assertTrue(Thread.interrupted());
    }

    @Test
    void builderRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder().name(" "));
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder().name("x".repeat(65)));
        assertThrows(NullPointerException.class, () -> TasksRcu.builder().name(null));
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder().firstSampleDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder().stallInfoAfter(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder().samplesPerSecond(0));
        assertThrows(IllegalArgumentException.class, () -> TasksRcu.builder()
                .stallInfoAfter(Duration.ofSeconds(5)).stallWarnAfter(Duration.ofSeconds(1)).build());
    }

    @Test
    void threadFactoryFailuresAreReportedAndLeakNothing() {
        int before = Thread.activeCount();
        assertThrows(IllegalStateException.class, () -> TasksRcu.builder().threadFactory(r -> null).build());
        OutOfMemoryError oom = new OutOfMemoryError("unable to create native thread (injected)");
        assertThrows(OutOfMemoryError.class, () -> TasksRcu.builder().threadFactory(r -> {
            throw oom;
        }).build());
        // The pre-started callback threads of both failed domains were stopped.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.activeCount() > before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Thread.activeCount() <= before, "leaked threads: " + Thread.activeCount() + " > " + before);
    }

    @Test
    void stallIsReportedWithTheHoldoutsStack() throws Exception {
        TasksRcu d = domain(TasksRcu.builder().name("stalls")
                .stallInfoAfter(Duration.ofMillis(50)).stallWarnAfter(Duration.ofMillis(250)));
        d.readerFrames().add(SpinningReader.class);
        LogCapture log = LogCapture.start("dev.quiesce.rcu");
        SpinningReader reader = new SpinningReader();
        Thread t = reader.start("stuck-reader");
        try {
            CompletableFuture<Void> gp = Async.run(d::synchronize);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (d.stats().stallWarnings() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(d.stats().stallInfos() >= 1, "info lines: " + d.stats());
            assertTrue(d.stats().stallWarnings() >= 1, "warnings: " + d.stats());
            LogRecord warning = log.records().stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING
                    && r.getMessage().contains("\"stalls\"")).findFirst().orElse(null); // not another test's domain
            assertNotNull(warning);
            String msg = warning.getMessage();
            assertTrue(msg.contains("\"stuck-reader\""), msg);
            assertTrue(msg.contains("in read section at dev.quiesce.rcu.SpinningReader.section"), msg);
            assertTrue(msg.contains("at dev.quiesce.rcu.SpinningReader.section"), msg);
            assertTrue(msg.contains("state=RUNNABLE"), msg);
            reader.release = true;
            gp.get(30, TimeUnit.SECONDS);
        } finally {
            reader.release = true;
            log.close();
            t.join();
        }
    }

    @Test
    void aBusyCarrierIsHeldByItsMountedThreadInsideAReader() throws Exception {
        TasksRcu d = domain();
        d.readerFrames().add(SpinningReader.class);
        AtomicInteger stop = new AtomicInteger();
        Thread carrier = new Thread(() -> {
            while (stop.get() == 0) {
                Thread.onSpinWait(); // the carrier's own frames are no reader
            }
        }, "carrier-double");
        carrier.start();
        SpinningReader mountedReader = new SpinningReader();
        Thread vthreadDouble = mountedReader.start("vthread-double");
        Quiescence.carrierMount(carrier, vthreadDouble);
        try {
            CompletableFuture<Void> gp = Async.run(d::synchronizeExpedited);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> gp.get(300, TimeUnit.MILLISECONDS));
            mountedReader.release = true;
            vthreadDouble.join();
            gp.get(30, TimeUnit.SECONDS);
        } finally {
            QsRegistry.INSTANCE.forCarrier(carrier).soMountedRelease(null);
            stop.set(1);
            mountedReader.release = true;
            carrier.join();
        }
    }

    @Test
    void virtualThreadsDoNotHoldGracePeriodsWhileParked() throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(Threads.virtualThreadsSupported(), "JDK 21+");
        TasksRcu d = domain();
        java.lang.invoke.MethodHandle start = java.lang.invoke.MethodHandles.publicLookup().findStatic(Thread.class,
                "startVirtualThread", java.lang.invoke.MethodType.methodType(Thread.class, Runnable.class));
        AtomicInteger stop = new AtomicInteger();
        List<Thread> vts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            vts.add((Thread) start.invoke((Runnable) () -> {
                while (stop.get() == 0) {
                    Quiescence.report(); // accepted and ignored on a virtual thread
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
                }
            }));
        }
        try {
            for (int i = 0; i < 20; i++) {
                d.synchronize();
            }
        } finally {
            stop.set(1);
            for (Thread t : vts) {
                t.join();
            }
        }
        assertEquals(20, d.stats().gracePeriodsCompleted());
    }
}
