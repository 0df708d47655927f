package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksTraceRcuTest {
    private final List<TasksTraceRcu> domains = new ArrayList<>();

    private TasksTraceRcu domain() {
        TasksTraceRcu d = TasksTraceRcu.create("trace-test");
        domains.add(d);
        return d;
    }

    @AfterEach
    void closeAll() {
        domains.forEach(TasksTraceRcu::close);
    }

    @Test
    void synchronizeWaitsForASleepingReader() throws Exception {
        TasksTraceRcu d = domain();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger left = new AtomicInteger();
        Thread reader = new Thread(() -> {
            int token = d.readLock();
            try {
                inside.countDown();
                release.await(); // sleepable read section
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                left.set(1);
                d.readUnlock(token);
            }
        });
        reader.start();
        inside.await();
        CompletableFuture<Void> gp = Async.run(d::synchronize);
        assertThrows(TimeoutException.class, () -> gp.get(300, TimeUnit.MILLISECONDS));
        release.countDown();
        gp.get(30, TimeUnit.SECONDS);
        assertEquals(1, left.get());
        reader.join();
        assertTrue(d.stats().waits() >= 1);
    }

    @Test
    void sectionsBegunAfterTheCallDoNotHoldIt() throws Exception {
        TasksTraceRcu d = domain();
        AtomicInteger stop = new AtomicInteger();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(3);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                boolean first = true;
                while (stop.get() == 0) {
                    int k = d.readLock();
                    Thread.onSpinWait();
                    d.readUnlock(k);
                    if (first) {
                        reading.countDown();
                        first = false;
                    }
                }
            });
            readers.add(t);
            t.start();
        }
        try {
            reading.await();
            for (int i = 0; i < 50; i++) {
                d.synchronize();
            }
            d.synchronizeExpedited();
        } finally {
            stop.set(1);
            for (Thread t : readers) {
                t.join();
            }
        }
        assertEquals(51, d.stats().gracePeriodsCompleted());
        assertEquals(3, d.stats().readerThreads());
    }

    @Test
    void nestedSectionsAndInReadSection() {
        TasksTraceRcu d = domain();
        assertFalse(d.inReadSection());
        int a = d.readLock();
        int b = d.readLock();
        assertTrue(d.inReadSection());
        d.readUnlock(b);
        assertTrue(d.inReadSection());
        d.readUnlock(a);
        assertFalse(d.inReadSection());
        d.synchronize();
    }

    @Test
    void synchronizeInsideAReadSectionFailsFast() {
        TasksTraceRcu d = domain();
        int token = d.readLock();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, d::synchronize);
            assertTrue(e.getMessage().contains("inside a read section"), e.getMessage());
            assertThrows(IllegalStateException.class, d::synchronizeExpedited);
        } finally {
            d.readUnlock(token);
        }
        d.synchronize();
    }

    @Test
    void badTokensAreRejectedAndChangeNothing() throws Exception {
        TasksTraceRcu d = domain();
        assertThrows(IllegalArgumentException.class, () -> d.readUnlock(-1));
        assertThrows(IllegalArgumentException.class, () -> d.readUnlock(Integer.MAX_VALUE));
        int token = d.readLock();
        d.readUnlock(token);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> d.readUnlock(token));
        assertTrue(twice.getMessage().contains("without a matching readLock()"), twice.getMessage());
        // Another thread's token is refused too, and its section stays open.
        int mine = d.readLock();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                d.readUnlock(mine);
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
        assertTrue(d.inReadSection());
        d.readUnlock(mine);
        d.synchronize(); // the counters stayed balanced
    }

    @Test
    void callBarrierAndClose() {
        TasksTraceRcu d = TasksTraceRcu.create("trace-close");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            d.call(ran::incrementAndGet);
        }
        d.barrier();
        assertEquals(100, ran.get());
        d.call(ran::incrementAndGet);
        d.close();
        assertEquals(101, ran.get());
        assertThrows(IllegalStateException.class, () -> d.call(ran::incrementAndGet));
        assertThrows(IllegalStateException.class, d::synchronize);
        long c = 0;
        assertTrue(d.pollDone(c));
    }

    @Test
    void aReaderBlockedInsideASectionIsReportedAsAStall() throws Exception {
        TasksTraceRcu d = TasksTraceRcu.create("trace-stall", Duration.ofMillis(30), Duration.ofMillis(100));
        domains.add(d);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> insideASection(d, entered, release), "blocks-holding-a-section");
        t.start();
        entered.await();
        try {
            CompletableFuture<Void> gp = Async.run(d::synchronize);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (d.stats().stallWarnings() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(d.stats().stallWarnings() >= 1, d.stats().toString());
            assertFalse(gp.isDone(), "a grace period cannot end while a reader holds a section");
            release.countDown();
            gp.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void badNamesAndDurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TasksTraceRcu.create(""));
        assertThrows(IllegalArgumentException.class, () -> TasksTraceRcu.create("x", Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> TasksTraceRcu.create(null));
    }

    @Test
    void readersOfDeadThreadsArePrunedAndTheirSlotsReused() throws Exception {
        TasksTraceRcu d = domain();
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> d.readUnlock(d.readLock()));
            t.start();
            t.join();
        }
        d.synchronize();
        assertEquals(0, d.stats().readerThreads());
        d.readUnlock(d.readLock());
        assertEquals(1, d.stats().readerThreads());
    }

    /**
     * A thread registers its first reader inside a TASKS section (a probe chain), where waiting for a monitor
     * would make it BLOCKED, which a tasks grace period takes as quiescent. So no registration may wait: not for
     * another thread stopped in the middle of its own, nor for the grace period's pass over the table.
     */
    @Test
    void aRegistrationNeverWaitsForAnotherOrForTheGracePeriod() throws Exception {
        TasksTraceRcu d = domain();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicReference<Thread> slow = new AtomicReference<>();
        TraceGracePeriod.beforePublishForTest = () -> {
            if (Thread.currentThread() == slow.get() && paused.getCount() > 0) {
                paused.countDown();
                awaitQuietly(resume);
            }
        };
        CountDownLatch done = new CountDownLatch(1); // both registrants stay alive, so neither is pruned
        List<Thread> threads = new ArrayList<>();
        try {
            CompletableFuture<Integer> first = registerAndStay(d, "slow-registration", done, threads, slow);
            assertTrue(paused.await(10, TimeUnit.SECONDS));
            // Another thread registers, and a grace period (whose prune may replace the table) ends, while the
            // first registration is stopped between reading the table and publishing its copy.
            int otherToken = registerAndStay(d, "other-registration", done, threads, null).get(10, TimeUnit.SECONDS);
            synchronizeWithin10Seconds(d, "a grace period waited for a registration in progress");
            resume.countDown();
            int firstToken = first.get(10, TimeUnit.SECONDS);
            assertTrue((firstToken >>> 1) != (otherToken >>> 1), "two live readers share a slot");
            assertEquals(2, d.stats().readerThreads());
        } finally {
            TraceGracePeriod.beforePublishForTest = null;
            resume.countDown();
            release(done, threads);
        }
    }

    /**
     * A prune that found a dead thread's reader replaces the table with a CAS: a registration that published
     * between its read and its CAS makes the CAS fail, and the prune runs again on the new table. A prune that
     * stored its copy over the table would drop that live reader: its sections would be invisible to grace
     * periods.
     */
    @Test
    void aPruneNeverDropsAReaderThatRegisteredWhileItRan() throws Exception {
        TasksTraceRcu d = domain();
        Thread dead = new Thread(() -> d.readUnlock(d.readLock()), "dead-reader");
        dead.start();
        dead.join();
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<CompletableFuture<Integer>> live = new AtomicReference<>();
        TraceGracePeriod.beforePruneForTest = () -> {
            if (live.get() == null) { // once: a registration completes between the prune's read and its CAS
                CompletableFuture<Integer> f = registerAndStay(d, "registers-during-prune", done, threads, null);
                live.set(f);
                f.join();
            }
        };
        try {
            synchronizeWithin10Seconds(d, "the grace period did not end");
            assertTrue(live.get() != null, "the prune found the dead reader");
            assertEquals(1, d.stats().readerThreads(), "the dead reader pruned, the live one kept");
        } finally {
            TraceGracePeriod.beforePruneForTest = null;
            release(done, threads);
        }
    }

    /** Runs a grace period on a thread of its own; fails with {@code message} if it has not ended in 10 s. */
    private static void synchronizeWithin10Seconds(TasksTraceRcu d, String message) throws InterruptedException {
        Thread gp = new Thread(d::synchronize, "grace-period");
        gp.start();
        gp.join(10_000);
        assertFalse(gp.isAlive(), message);
    }

    /** Lets the threads of {@link #registerAndStay} end, and waits for them. */
    private static void release(CountDownLatch done, List<Thread> threads) throws InterruptedException {
        done.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Threads that each take one section and end, with no grace period between them (virtual threads serving
     * requests, say): a registration that finds the table full takes the slot of an ended thread's reader, so
     * the table, and the copy each registration makes, stay as large as the threads alive at once.
     */
    @Test
    void readersOfEndedThreadsMakeRoomWithoutAGracePeriod() throws Exception {
        TasksTraceRcu d = domain();
        for (int i = 0; i < 1000; i++) {
            Thread t = new Thread(() -> d.readUnlock(d.readLock()));
            t.start();
            t.join();
        }
        assertTrue(d.stats().readerThreads() <= 16, "readers kept: " + d.stats().readerThreads());
        assertEquals(0, d.stats().gracePeriodsCompleted(), "no grace period pruned them");
    }

    /**
     * Starts a thread that registers (one section), completes the result with its token, and stays alive until
     * {@code done}; if {@code slot} is given, it is set to the thread before it starts.
     */
    private static CompletableFuture<Integer> registerAndStay(TasksTraceRcu d, String name, CountDownLatch done,
            List<Thread> threads, AtomicReference<Thread> slot) {
        CompletableFuture<Integer> token = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            int k = d.readLock();
            d.readUnlock(k);
            token.complete(k);
            awaitQuietly(done);
            d.readUnlock(d.readLock()); // still registered: its reader is found by the token's slot
        }, name);
        synchronized (threads) {
            threads.add(t);
        }
        if (slot != null) {
            slot.set(t);
        }
        t.start();
        return token;
    }

    @Test
    void concurrentRegistrationsRacingWithGracePeriodsEachGetTheirOwnSlot() throws Exception {
        TasksTraceRcu d = domain();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch registered = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(1);
        int[] slots = new int[threads];
        List<Thread> ts = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < threads; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                try {
                    awaitQuietly(start);
                    int token = d.readLock(); // registers; the thread stays alive, so its reader stays
                    slots[me] = token >>> 1;
                    d.readUnlock(token);
                    registered.countDown();
                    awaitQuietly(done);
                    d.readUnlock(d.readLock()); // its reader is still found by the token's slot
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts.add(t);
            t.start();
        }
        CompletableFuture<Void> gps = CompletableFuture.runAsync(() -> {
            while (registered.getCount() > 0) {
                d.synchronize(); // prunes, racing with the registrations
            }
        });
        start.countDown();
        assertTrue(registered.await(20, TimeUnit.SECONDS));
        gps.get(20, TimeUnit.SECONDS);
        assertEquals(threads, java.util.Arrays.stream(slots).distinct().count(), "two live readers share a slot");
        assertEquals(threads, d.stats().readerThreads());
        done.countDown();
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /**
     * An unlock called where the stack is nearly exhausted (a finally unwinding a StackOverflowError) may
     * overflow in its own calls. The section must close all the same: left open, no grace period of the domain
     * would ever end again. The overflow is injected where the unlock's first call would take it.
     */
    @Test
    void anUnlockWhoseCallsOverflowTheStackStillClosesItsSection() throws Exception {
        assertTrue(TasksTraceRcu.TEST_HOOKS, "runs with -Dquiesce.test.hooks=true (runtime/pom.xml)");
        TasksTraceRcu d = domain();
        int outer = d.readLock();
        int inner = d.readLock();
        TasksTraceRcu.overflowNextUnlockForTest = true;
        StackOverflowError e = assertThrows(StackOverflowError.class, () -> d.readUnlock(inner));
        assertEquals("injected by a test", e.getMessage(), "the error goes on to the caller");
        assertTrue(d.inReadSection(), "the outer section is still open");
        d.readUnlock(outer);
        assertFalse(d.inReadSection(), "both sections closed");
        CompletableFuture.runAsync(d::synchronize).get(10, TimeUnit.SECONDS);
        // A token with no open section is still refused, and changes nothing.
        assertThrows(IllegalStateException.class, () -> d.readUnlock(inner));
        TasksTraceRcu.overflowNextUnlockForTest = true;
        assertThrows(StackOverflowError.class, () -> d.readUnlock(inner));
        int again = d.readLock();
        d.readUnlock(again);
        assertFalse(d.inReadSection());
    }

    /** A thread that ended inside a section (its unlock never ran) no longer holds the domain's grace periods. */
    @Test
    void aSectionOfAThreadThatEndedIsClosedByTheGracePeriod() throws Exception {
        // Not in `domains` until it passed: a close() of a domain whose grace period never ends would not return.
        TasksTraceRcu d = TasksTraceRcu.create("trace-ended");
        Thread t = new Thread(() -> d.readLock(), "ends-inside");
        t.start();
        t.join();
        Async.run(d::synchronize).get(10, TimeUnit.SECONDS);
        assertEquals(1, d.stats().sectionsClosedForTheirThreads());
        Async.run(d::synchronize).get(10, TimeUnit.SECONDS);
        domains.add(d);
    }

    /** Stands for a caller whose {@code finally} could not call readUnlock (a StackOverflowError at its entry). */
    private static void lockLikeAnOverflowedCaller(TasksTraceRcu d) {
        d.readLock();
    }

    /** A real section, open until {@code release}. */
    private static void insideASection(TasksTraceRcu d, CountDownLatch entered, CountDownLatch release) {
        int token = d.readLock();
        try {
            entered.countDown();
            awaitQuietly(release);
        } finally {
            d.readUnlock(token);
        }
    }

    /**
     * A thread that leaves one section open ({@link #lockLikeAnOverflowedCaller}), waits outside every section
     * frame until {@code goIn}, then holds a real section until {@code release}.
     */
    private static final class LeavesOneOpen extends Thread {
        final CountDownLatch leaked = new CountDownLatch(1);
        final CountDownLatch goIn = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final TasksTraceRcu d;

        LeavesOneOpen(TasksTraceRcu d, String name) {
            super(name);
            this.d = d;
        }

        @Override
        public void run() {
            try {
                lockLikeAnOverflowedCaller(d);
                leaked.countDown();
                awaitQuietly(goIn); // outside every section frame, one section counted open
                insideASection(d, entered, release);
            } catch (Throwable e) {
                failure.set(e);
            }
        }
    }

    private static boolean sectionFrame(StackTraceElement f) {
        return f.getMethodName().equals("lockLikeAnOverflowedCaller") || f.getMethodName().equals("insideASection");
    }

    /**
     * With the frames that may hold a section named, a section that a live thread left open is closed once a
     * sample shows the thread outside all of them; a section whose frame is on the stack is never closed.
     */
    @Test
    void aSectionLeftOpenIsClosedOnceTheStackHoldsNoFrameThatMayHoldOne() throws Exception {
        TasksTraceRcu d = domain();
        d.closeSectionsLeftOpen(TasksTraceRcuTest::sectionFrame);
        LeavesOneOpen t = new LeavesOneOpen(d, "left-one-open");
        t.start();
        try {
            t.leaked.await();
            Async.run(d::synchronize).get(10, TimeUnit.SECONDS);
            assertEquals(1, d.stats().sectionsClosedForTheirThreads());
            t.goIn.countDown();
            t.entered.await();
            CompletableFuture<Void> gp = Async.run(d::synchronize);
            assertThrows(TimeoutException.class, () -> gp.get(400, TimeUnit.MILLISECONDS),
                    "a section whose frame is on the stack was closed for its thread");
            t.release.countDown();
            gp.get(10, TimeUnit.SECONDS);
            t.join(10_000);
            assertEquals(null, t.failure.get(), "the thread's own unlock must still work");
            assertEquals(1, d.stats().sectionsClosedForTheirThreads());
        } finally {
            t.goIn.countDown();
            t.release.countDown();
        }
    }

    /**
     * A section the thread opens while the grace period is between its sample and its CAS is not closed with the
     * one left open (it counts under the other index, and the counts were read before the sample anyway): the
     * next grace period waits for it.
     */
    @Test
    void aSectionBegunAfterTheSampleIsNotClosedWithTheOneLeftOpen() throws Exception {
        TasksTraceRcu d = domain();
        d.closeSectionsLeftOpen(TasksTraceRcuTest::sectionFrame);
        LeavesOneOpen t = new LeavesOneOpen(d, "opens-after-the-sample");
        AtomicInteger hooks = new AtomicInteger();
        TraceGracePeriod.afterLeftOpenSampleForTest = () -> {
            if (hooks.getAndIncrement() == 0) {
                t.goIn.countDown();
                awaitQuietly(t.entered); // the thread is inside a new section before the CAS
            }
        };
        t.start();
        try {
            t.leaked.await();
            Async.run(d::synchronize).get(10, TimeUnit.SECONDS);
            assertEquals(1, hooks.get());
            assertEquals(1, d.stats().sectionsClosedForTheirThreads());
            CompletableFuture<Void> next = Async.run(d::synchronize);
            assertThrows(TimeoutException.class, () -> next.get(400, TimeUnit.MILLISECONDS),
                    "the section begun after the sample was closed too");
            t.release.countDown();
            next.get(10, TimeUnit.SECONDS);
            t.join(10_000);
            assertEquals(null, t.failure.get(), "the thread's own unlock must still work");
            assertEquals(1, d.stats().sectionsClosedForTheirThreads());
        } finally {
            TraceGracePeriod.afterLeftOpenSampleForTest = null;
            t.goIn.countDown();
            t.release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
