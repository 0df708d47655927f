package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Worker creation failing in every way a ThreadFactory or the JVM can fail: no accepted item is lost. */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a lost item shows up as a flush that never returns
class WorkqueueFaultTest {
    enum Failure { THROWS_OOM, RETURNS_NULL, AFTER_TWO_THREADS, EVERY_OTHER_CALL }

    /** A factory that fails as told until {@link #healed} is set. */
    static final class FailingFactory implements ThreadFactory {
        final Failure mode;
        volatile boolean healed;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger made = new AtomicInteger();

        FailingFactory(Failure mode) {
            this.mode = mode;
        }

        @Override
        public Thread newThread(Runnable r) {
            int n = calls.incrementAndGet();
            if (!healed) {
                switch (mode) {
                    case THROWS_OOM -> throw new OutOfMemoryError("unable to create native thread: possibly out of"
                            + " memory or process/resource limits reached");
                    case RETURNS_NULL -> {
                        return null;
                    }
                    case AFTER_TWO_THREADS -> {
                        if (made.get() >= 2) {
                            throw new OutOfMemoryError("unable to create native thread");
                        }
                    }
                    case EVERY_OTHER_CALL -> {
                        if (n % 2 == 0) {
                            throw new IllegalStateException("planted intermittent failure");
                        }
                    }
                }
            }
            made.incrementAndGet();
            Thread t = new Thread(r, "faulty-" + n);
            t.setDaemon(true);
            return t;
        }
    }

    /** Queues {@code n} items from 4 threads; returns the per-item run counts. */
    private static AtomicInteger[] flood(Workqueue q, int n, boolean blockSometimes) throws InterruptedException {
        AtomicInteger[] runs = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            runs[i] = new AtomicInteger();
        }
        List<Thread> ts = new ArrayList<>();
        AtomicLong refused = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                for (int i = first; i < n; i += 4) {
                    AtomicInteger r = runs[i];
                    boolean block = blockSometimes && i % 50 == 0;
                    if (!q.queue(new Work("f" + i, () -> {
                        r.incrementAndGet();
                        if (block) {
                            WorkqueueTest.sleep(2);
                        }
                    }))) {
                        refused.incrementAndGet();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join(); // a submitter that saw an exception would have died with it: join, then check below
        }
        assertEquals(0, refused.get(), "fresh items are never refused");
        return runs;
    }

    private static void assertEachRanOnce(AtomicInteger[] runs) {
        for (int i = 0; i < runs.length; i++) {
            assertEquals(1, runs[i].get(), "item " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void memReclaimQueueRunsEveryAcceptedItemExactlyOnce(Failure mode) throws Exception {
        FailingFactory f = new FailingFactory(mode);
        Workqueue q = Workqueue.builder("reclaim-" + mode).shards(2).memReclaim().threadFactory(f).build();
        try {
            AtomicInteger[] runs = flood(q, 2000, true);
            q.flush();
            assertEachRanOnce(runs);
            if (mode == Failure.THROWS_OOM || mode == Failure.RETURNS_NULL) {
                assertTrue(q.rescued() > 0, "nothing but the rescuer could run them");
                assertEquals(0, f.made.get());
            }
            assertTrue(q.workerCreationFailures() > 0);
        } finally {
            q.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"AFTER_TWO_THREADS", "EVERY_OTHER_CALL"})
    void queueWithoutRescuerRunsEverythingWhileSomeWorkersExist(Failure mode) throws Exception {
        FailingFactory f = new FailingFactory(mode);
        // One pool: with shards, the two threads AFTER_TWO_THREADS allows may both go to one shard, and a
        // queue without a rescuer rightly leaves the other shard's items waiting for a worker.
        Workqueue q = Workqueue.builder("plain-" + mode).unbound().threadFactory(f).build();
        try {
            AtomicInteger[] runs = flood(q, 2000, true);
            q.flush();
            assertEachRanOnce(runs);
        } finally {
            q.close();
        }
    }

    /**
     * A queue without a rescuer whose only creation attempt failed: nothing is queued or flushed afterwards,
     * yet once the factory works again the item runs, because the watchdog's pass retries the creation.
     */
    @Test
    void anItemWaitingOnAFailedCreationRunsOnceTheFactoryWorksWithoutFurtherCalls() {
        AtomicInteger calls = new AtomicInteger();
        Workqueue q = Workqueue.builder("retried-by-watchdog").unbound().threadFactory(r -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: the first creation fails, later ones work");
            }
            Thread t = new Thread(r, "retried-worker");
            t.setDaemon(true);
            return t;
        }).build();
        try {
            AtomicInteger runs = new AtomicInteger();
            assertTrue(q.queue(new Work("lonely", runs::incrementAndGet)));
            WorkqueueTest.waitUntil(() -> runs.get() == 1);
            assertTrue(calls.get() >= 2);
        } finally {
            q.close();
        }
    }

    /**
     * Reporting a failed creation allocates (the message, a JFR event); with no heap left that throws, on the
     * submitter's thread, after its item was accepted. The report is dropped, the queueing is not: a log handler
     * that throws {@code OutOfMemoryError} stands in for the full heap.
     */
    @Test
    void aCreationFailureWhoseReportFailsStillAcceptsTheItem() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.quiesce.wq");
        AtomicInteger reports = new AtomicInteger();
        java.util.logging.Handler noHeap = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                reports.incrementAndGet();
                throw new OutOfMemoryError("injected: no heap for the report");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        FailingFactory f = new FailingFactory(Failure.THROWS_OOM);
        Workqueue q = Workqueue.builder("report-fails").unbound().threadFactory(f).build();
        log.addHandler(noHeap);
        try {
            AtomicInteger runs = new AtomicInteger();
            assertTrue(q.queue(new Work("accepted", runs::incrementAndGet)));
            assertTrue(reports.get() > 0, "the failure was reported (and the report failed)");
            log.removeHandler(noHeap);
            f.healed = true;
            q.flush();
            assertEquals(1, runs.get());
        } finally {
            log.removeHandler(noHeap);
            q.close();
        }
    }

    /**
     * A queue without a rescuer whose factory never makes a thread: close() cannot wait for workers, and must not
     * drop the items either. The closing thread runs them, each once, and returns.
     */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"THROWS_OOM", "RETURNS_NULL"})
    void closeRunsTheItemsNoWorkerCanStart(Failure mode) throws Exception {
        FailingFactory f = new FailingFactory(mode);
        Workqueue q = Workqueue.builder("close-no-threads-" + mode).shards(2).threadFactory(f).build();
        AtomicInteger[] runs = flood(q, 300, false);
        AtomicInteger chained = new AtomicInteger();
        // An item run by the closing thread may still queue on its draining queue (chained work).
        q.queue(new Work("chains", () -> q.queue(new Work("chained", chained::incrementAndGet))));
        OpenQueues.assertReturns(q::close, "close()", q);
        assertEachRanOnce(runs);
        assertEquals(1, chained.get());
        assertEquals(0, f.made.get());
        assertTrue(q.isClosed());
        assertThrows(IllegalStateException.class, () -> q.queue(new Work("late", () -> { })));
    }

    @Test
    void queueWithoutRescuerKeepsItemsUntilWorkersCanBeCreated() throws Exception {
        FailingFactory f = new FailingFactory(Failure.THROWS_OOM);
        Workqueue q = Workqueue.builder("plain-stuck").unbound().threadFactory(f).build();
        try {
            AtomicInteger[] runs = flood(q, 200, false);
            WorkqueueTest.sleep(50);
            int ran = 0;
            for (AtomicInteger r : runs) {
                ran += r.get();
            }
            assertEquals(0, ran, "no worker, no rescuer: nothing can run yet");
            assertTrue(q.workerCreationFailures() > 0);
            assertTrue(q.describe().contains("creationFailures="), q.describe());
            f.healed = true;
            q.flush(); // the flusher retries creation while it waits
            assertEachRanOnce(runs);
        } finally {
            q.close();
        }
    }

    @Test
    void rescuerStepsBackOnceWorkersCanBeCreatedAgain() throws Exception {
        FailingFactory f = new FailingFactory(Failure.THROWS_OOM);
        Workqueue q = Workqueue.builder("step-back").unbound().memReclaim().threadFactory(f).build();
        try {
            AtomicInteger[] runs = flood(q, 500, false);
            q.flush();
            long rescuedWhileBroken = q.rescued();
            assertTrue(rescuedWhileBroken > 0);
            f.healed = true;
            WorkqueueTest.sleep(3 * Rescuer.RETRY_NANOS / 1_000_000L); // a creation retry is due
            AtomicInteger[] more = flood(q, 500, false);
            q.flush();
            assertEachRanOnce(runs);
            assertEachRanOnce(more);
            assertTrue(f.made.get() > 0, "a worker was created once the factory healed");
            assertTrue(q.rescued() - rescuedWhileBroken < 500, "the rescuer kept running everything");
        } finally {
            q.close();
        }
    }

    /**
     * The rescuer steps back mid-flood: once its retrier creates a worker, the worker runs the rest and the
     * rescuer takes no more items (maxActive 1: a rescuer that went on would take one item after another from
     * the worklist beside the worker's batches).
     */
    @Test
    void theRescuerTakesNoMoreItemsOnceAWorkerExists() {
        FailingFactory f = new FailingFactory(Failure.THROWS_OOM);
        Workqueue q = Workqueue.builder("steps-back-mid-flood").unbound().maxActive(1).memReclaim().threadFactory(f)
                .build();
        try {
            int n = 400;
            AtomicInteger[] runs = new AtomicInteger[n];
            for (int i = 0; i < n; i++) {
                AtomicInteger r = runs[i] = new AtomicInteger();
                q.queue(new Work("s" + i, () -> {
                    r.incrementAndGet();
                    WorkqueueTest.sleep(1);
                }));
            }
            WorkqueueTest.waitUntil(() -> q.rescued() >= 20);
            f.healed = true;
            WorkqueueTest.waitUntil(() -> f.made.get() > 0); // the retrier's next retry, within 20 ms
            long rescuedThen = q.rescued();
            q.flush();
            assertEachRanOnce(runs);
            // The item the rescuer was running, and one it may have started while the new worker was not yet
            // counted idle.
            assertTrue(q.rescued() - rescuedThen <= 2, "the rescuer ran " + (q.rescued() - rescuedThen)
                    + " items after a worker existed: " + q.describe());
            assertTrue(q.rescued() < n / 2, q.describe());
        } finally {
            q.close();
        }
    }

    /**
     * A factory that fails, then blocks for good once the submitters are done: the retries of the rescued pool's
     * creation hang in it, on the queue's creation retrier, and the rescuer, which never calls the factory,
     * runs every item.
     */
    @Test
    void aFactoryThatBlocksForGoodDoesNotStopTheRescuer() {
        AtomicBoolean blocking = new AtomicBoolean();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.Set<String> blockedIn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Workqueue q = Workqueue.builder("blocking-factory").unbound().memReclaim().threadFactory(r -> {
            if (blocking.get()) {
                blockedIn.add(Thread.currentThread().getName());
                WorkqueueTest.await(never);
            }
            throw new OutOfMemoryError("unable to create native thread");
        }).build();
        try {
            int n = 300;
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                q.queue(new Work("b" + i, () -> {
                    ran.incrementAndGet();
                    WorkqueueTest.sleep(1); // long enough for the rescuer's retries to come due
                }));
            }
            blocking.set(true);
            WorkqueueTest.waitUntil(() -> ran.get() == n);
            assertTrue(q.rescued() > 0, q.describe());
            assertTrue(blockedIn.stream().noneMatch(t -> t.startsWith("quiesce-wq-rescuer-")),
                    "the rescuer called the factory: " + blockedIn);
            assertTrue(blockedIn.contains("quiesce-wq-retrier-blocking-factory"),
                    "no retry reached the factory: " + blockedIn + "\n" + q.describe());
        } finally {
            never.countDown();
            q.close();
        }
    }

    /**
     * A creation that hangs sends no mayday: the only worker is stuck in the factory making its spare, so the
     * next item waits with nothing to start it. The rescuer's poll notices after maydayAfter and runs it.
     */
    @Test
    void aHangingCreationIsRescuedAfterTheMaydayTimeout() {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CountDownLatch unhang = new java.util.concurrent.CountDownLatch(1);
        Workqueue q = Workqueue.builder("hang").unbound().memReclaim().maydayAfter(java.time.Duration.ofMillis(20))
                .threadFactory(r -> {
                    if (calls.incrementAndGet() > 1) {
                        WorkqueueTest.await(unhang); // the spare's creation hangs
                    }
                    Thread t = new Thread(r, "hang-worker-" + calls.get());
                    t.setDaemon(true);
                    return t;
                }).build();
        try {
            java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(1);
            q.queue(new Work("first", first::countDown)); // its worker first makes a spare: hangs
            WorkqueueTest.waitUntil(() -> calls.get() >= 2);
            q.queue(new Work("second", second::countDown));
            WorkqueueTest.await(second);
            // The first item's worker is still in the factory, blocked there with the item in its batch: the
            // rescuer runs that entry too.
            WorkqueueTest.await(first);
            assertTrue(q.rescued() >= 2, q.describe());
        } finally {
            unhang.countDown();
            q.close();
        }
    }

    /**
     * A worker blocked in the first item of its batch, with the item it waits for later in the same batch and no
     * spare (its creation failed): once creation works again, a flusher's retry creates a worker, which takes
     * over the rest of the batch. Without a rescuer nothing else would.
     */
    @Test
    void aFlushRetriesCreationForItemsWaitingInABlockedWorkersBatch() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        Workqueue q = Workqueue.builder("hidden-batch").unbound().threadFactory(r -> {
            if (calls.incrementAndGet() > 1 && failing.get()) { // one worker, then no spare
                throw new OutOfMemoryError("unable to create native thread");
            }
            Thread t = new Thread(r, "hidden-batch-" + calls.get());
            t.setDaemon(true);
            return t;
        }).build();
        try {
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CountDownLatch gateRunning = new java.util.concurrent.CountDownLatch(1);
            q.queue(new Work("gate", () -> {
                gateRunning.countDown();
                while (!open.get()) {
                    Thread.onSpinWait();
                }
            }));
            WorkqueueTest.await(gateRunning);
            java.util.concurrent.CountDownLatch b = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch aRunning = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean aSawB = new java.util.concurrent.atomic.AtomicBoolean();
            q.queue(new Work("a", () -> {
                aRunning.countDown();
                try {
                    aSawB.set(b.await(20, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            q.queue(new Work("b", b::countDown));
            open.set(true); // the gate's worker takes a and b as one batch, fails to make a spare, blocks in a
            WorkqueueTest.await(aRunning);
            int before = calls.get();
            WorkqueueTest.waitUntil(() -> q.describe().contains("batch=1/2"));
            failing.set(false);
            Thread flusher = new Thread(q::flush);
            flusher.start();
            flusher.join(5_000);
            assertTrue(aSawB.get() || b.getCount() == 0, "b never ran: no retry created a worker for it (factory calls "
                    + before + " then " + calls.get() + "): " + q.describe());
            flusher.join(20_000);
        } finally {
            failing.set(false);
            q.close();
        }
    }

    /** The rescuer's path allocates nothing: measured with the JVM's per-thread allocation counter. */
    @Test
    void theRescuersPathAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(hs.isThreadAllocatedMemorySupported());
        hs.setThreadAllocatedMemoryEnabled(true);
        FailingFactory f = new FailingFactory(Failure.THROWS_OOM);
        Workqueue q = Workqueue.builder("no-alloc").unbound().memReclaim().threadFactory(f).build();
        try {
            AtomicLong counter = new AtomicLong();
            Work[] items = new Work[2000];
            for (int i = 0; i < items.length; i++) {
                items[i] = new Work("n" + i, counter::incrementAndGet); // the items allocate nothing either
            }
            // Warm up: the first rescues load classes and compile.
            for (int round = 0; round < 3; round++) {
                for (Work w : items) {
                    q.queue(w);
                }
                q.flush();
            }
            Thread rescuer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("quiesce-wq-rescuer-no-alloc")).findFirst().orElseThrow();
            long before = hs.getThreadAllocatedBytes(rescuer.getId());
            for (Work w : items) {
                q.queue(w);
            }
            q.flush();
            long after = hs.getThreadAllocatedBytes(rescuer.getId());
            assertEquals(4 * items.length, counter.get());
            // Creation retries, which allocate (a Worker, a Thread, the factory's exception), run on the retrier.
            assertTrue(q.workerCreationFailures() > 0);
            assertTrue(after - before <= 1024, (after - before) + " bytes allocated by the rescuer over " + items.length
                    + " items");

            // Above, every queue() found no worker and moved the intake to the worklist itself. Here the pool shows
            // a registered waiter already woken (as after a wake-up the waiter has not yet returned from), so
            // queue() pushes and returns, and the rescuer, called by a mayday, is the one that takes the intake:
            // with a stripe renewed on that take, it would allocate a new top every round.
            WorkerPool pool = q.pools()[0];
            synchronized (pool) {
                assertTrue(pool.registerWaiterLocked(), "the intake is not empty");
                pool.markWokenLocked();
            }
            int perRound = 2; // many rounds, each a take of the intake
            int rounds = items.length / perRound;
            long expected = counter.get();
            int leftInIntake = 0;
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up
                leftInIntake = 0;
                before = hs.getThreadAllocatedBytes(rescuer.getId());
                for (int r = 0; r < rounds; r++) {
                    for (int i = r * perRound; i < (r + 1) * perRound; i++) {
                        assertTrue(q.queue(items[i]));
                    }
                    // The retrier's retries drain the intake too (keeping its tops), and so may the rescuer's poll.
                    if (!pool.intake.isEmptyVolatile()) {
                        leftInIntake++;
                    }
                    q.rescuer().mayday(pool);
                    long target = expected += perRound;
                    WorkqueueTest.waitUntil(() -> counter.get() == target);
                }
                after = hs.getThreadAllocatedBytes(rescuer.getId());
            }
            // No q.describe() in these messages: it takes the intake.
            assertTrue(leftInIntake > rounds / 2, "the intake was empty right after the pushes in "
                    + (rounds - leftInIntake) + " of " + rounds + " rounds");
            assertTrue(after - before <= 1024, (after - before) + " bytes allocated by the rescuer over " + rounds
                    + " rounds, " + leftInIntake + " of them with a take of the intake");
            synchronized (pool) {
                pool.intake.unregisterWaiter();
                pool.intake.clearWoken();
            }
        } finally {
            q.close();
        }
    }
}
