package dev.quiesce.wq;

import static dev.quiesce.wq.WorkqueueTest.await;
import static dev.quiesce.wq.WorkqueueTest.sleep;
import static dev.quiesce.wq.WorkqueueTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batch a worker takes from its pool, and the hand-off of a queueing to the item's runner: entries a blocked
 * worker has not reached run elsewhere, a stale entry never runs, a queueing found running runs after that run,
 * exactly once, and flushes and cancels find it meanwhile.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class BatchAndHandOffTest {
    private final OpenQueues queues = new OpenQueues();

    @AfterEach
    void closeAll() {
        queues.closeAll();
    }

    /** A CPU-bound item that holds its pool's only runnable slot until {@link #open}: items queued meanwhile wait in the intake. */
    private static final class Gate {
        final AtomicBoolean open = new AtomicBoolean();
        final CountDownLatch running = new CountDownLatch(1);
        final Work item = new Work("gate", () -> {
            running.countDown();
            while (!open.get()) {
                Thread.onSpinWait();
            }
        });
    }

    @Test
    void entriesABlockedWorkerHasNotReachedAreRunByAnother() {
        Workqueue q = queues.open(Workqueue.builder("batch-copy").unbound());
        Gate gate = new Gate();
        q.queue(gate.item);
        await(gate.running);
        CountDownLatch both = new CountDownLatch(2);
        AtomicBoolean released = new AtomicBoolean();
        q.queue(new Work("blocker", () -> released.set(awaitQuietly(both))));
        q.queue(new Work("a", both::countDown));
        q.queue(new Work("b", both::countDown));
        gate.open.set(true); // one worker takes blocker, a and b as one batch, and blocks in the first
        q.flush();
        assertTrue(released.get(), "a and b ran while the worker that took them was blocked before them: " + q.describe());
    }

    private static boolean awaitQuietly(CountDownLatch l) {
        try {
            return l.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCancelledBatchEntryNeverRunsAndItsItemQueuedAgainRunsOnceInItsNewPlace() {
        Workqueue q = queues.open(Workqueue.builder("batch-cancel").ordered()); // one at a time: nobody copies entries
        Gate gate = new Gate();
        q.queue(gate.item);
        await(gate.running);
        CountDownLatch blockerRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Work c = new Work("c", () -> order.add("c"));
        q.queue(new Work("blocker", () -> {
            blockerRunning.countDown();
            await(release);
        }));
        q.queue(new Work("a", () -> order.add("a")));
        q.queue(c);
        q.queue(new Work("b", () -> order.add("b")));
        gate.open.set(true); // the worker takes blocker, a, c and b as one batch
        await(blockerRunning);
        assertTrue(q.describe().contains("batch=1/4"), q.describe());
        assertTrue(c.cancel(), "c waits in the blocked worker's batch: cancellable");
        assertFalse(c.isPending());
        assertTrue(q.queue(c), "queued again: a new queueing, after b; the batch's entry for the old one is stale");
        release.countDown();
        q.flush();
        assertEquals(List.of("a", "b", "c"), order, "the cancelled entry never ran; the new queueing ran once, last");
        assertEquals(c.acceptedVolatile(), c.finishedVolatile());
    }

    /** An item that blocks in its first run until {@code release}, counting runs and overlaps. */
    private static final class Reentrant {
        final CountDownLatch firstRunning = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Work item = new Work("reentrant", () -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread().getName());
            if (runs.incrementAndGet() == 1) {
                firstRunning.countDown();
                await(release);
            }
            inside.decrementAndGet();
        });
    }

    /**
     * Flushes {@code q} on a thread of its own: checks that the flush still waits after 50 ms (and
     * {@code whileWaiting}), then opens {@code release} and checks that the flush returns.
     */
    private static void assertFlushWaitsUntilReleased(Workqueue q, CountDownLatch release, String waits,
            Runnable whileWaiting) throws InterruptedException {
        AtomicBoolean flushed = new AtomicBoolean();
        Thread flusher = new Thread(() -> {
            q.flush();
            flushed.set(true);
        });
        flusher.start();
        sleep(50);
        assertFalse(flushed.get(), waits);
        whileWaiting.run();
        release.countDown();
        flusher.join(20_000);
        assertTrue(flushed.get());
    }

    /** Flushes {@code q} on a thread of its own and fails, with the queue's state, if that takes 20 s. */
    private static void assertFlushReturns(Workqueue q) {
        OpenQueues.assertReturns(q::flush, "flush()", q);
    }


    /** Queues the running item again and waits until an idle worker claimed that queueing and handed it over. */
    private static void queueAgainUntilHandedOff(Workqueue q, Reentrant r) {
        q.queue(r.item);
        await(r.firstRunning);
        assertTrue(q.queue(r.item), "running, not pending: accepted");
        waitUntil(() -> q.describe().contains("handedOff=1"));
        assertTrue(r.item.isPending());
    }

    @Test
    void aQueueingHandedToItsRunnerRunsOnceAfterTheRunAndFlushWaitsForIt() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("hand-off").unbound());
        Reentrant r = new Reentrant();
        queueAgainUntilHandedOff(q, r);
        assertFlushWaitsUntilReleased(q, r.release, "the flush waits for the handed-off queueing",
                () -> assertEquals(1, r.runs.get(), "never concurrently with itself"));
        assertEquals(2, r.runs.get());
        assertEquals(0, r.overlaps.get());
        assertEquals(1, r.threads.size(), "the runner ran it again: " + r.threads);
        assertFalse(r.item.isPending());
        assertEquals(r.item.acceptedVolatile(), r.item.finishedVolatile());
    }

    @Test
    void aHandedOffQueueingCanBeCancelled() {
        Workqueue q = queues.open(Workqueue.builder("hand-off-cancel").unbound());
        Reentrant r = new Reentrant();
        queueAgainUntilHandedOff(q, r);
        assertTrue(r.item.cancel());
        assertFalse(r.item.isPending());
        assertTrue(q.describe().contains("handedOff=0"), q.describe());
        r.release.countDown();
        q.flush();
        assertEquals(1, r.runs.get(), "the cancelled queueing never ran");
        assertEquals(r.item.acceptedVolatile(), r.item.finishedVolatile());
    }

    @Test
    void aQueueingOfAnotherQueueHandedToTheRunnerRunsOnThatQueuesWorkers() throws Exception {
        Workqueue q1 = queues.open(Workqueue.builder("runs-first").unbound());
        Workqueue q2 = queues.open(Workqueue.builder("queued-second").unbound());
        Reentrant r = new Reentrant();
        q1.queue(r.item);
        await(r.firstRunning);
        assertTrue(q2.queue(r.item));
        waitUntil(() -> q2.describe().contains("handedOff=1"));
        assertFlushWaitsUntilReleased(q2, r.release, "q2's flush waits for the queueing handed to q1's runner", () -> { });
        assertEquals(2, r.runs.get());
        assertEquals(0, r.overlaps.get());
        assertTrue(r.threads.stream().anyMatch(t -> t.contains("queued-second")),
                "the second run is q2's, on q2's workers: " + r.threads);
    }

    /**
     * A flush waits on the signal of the queue its item was last queued on: here q2's, while the run it waits
     * for is q1's. That run's end must signal q2 too; the wait's timeout is lengthened so that only a signal
     * can end it in time.
     */
    @Test
    void theEndOfARunWakesAFlusherWaitingOnTheQueueTheItemWasQueuedOnSince() throws Exception {
        long round = Workqueue.flushRoundMillis;
        Workqueue.flushRoundMillis = 600_000;
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch secondRunning = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Work item = new Work("moves", () -> {
            if (runs.incrementAndGet() == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            } else {
                secondRunning.countDown();
                await(releaseSecond);
            }
        });
        try {
            Workqueue q1 = queues.open(Workqueue.builder("first-run").unbound());
            Workqueue q2 = queues.open(Workqueue.builder("second-run").unbound());
            q1.queue(item);
            await(firstRunning);
            assertTrue(q2.queue(item));
            waitUntil(() -> q2.describe().contains("handedOff=1"));
            AtomicBoolean flushed = new AtomicBoolean();
            Thread flusher = new Thread(() -> {
                q1.flush(); // waits for the first run, on q2's signal
                flushed.set(true);
            });
            flusher.start();
            sleep(50);
            assertFalse(flushed.get(), "q1's flush waits for the first run");
            releaseFirst.countDown();
            await(secondRunning);
            flusher.join(20_000);
            assertTrue(flushed.get(), "the first run's end did not wake q1's flush: " + q1.describe());
        } finally {
            Workqueue.flushRoundMillis = round;
            releaseFirst.countDown();
            releaseSecond.countDown();
        }
    }

    /**
     * A worker claims its entries without the pool's lock, so one may be claimed while a flush's snapshot holds
     * the lock, between its read of where the worker is and its look at the entry: the flush must still wait for
     * that run. The snapshot's hook lets the worker finish A and claim P at exactly that point.
     */
    @Test
    void aFlushWaitsForAnEntryClaimedWhileItsSnapshotLooks() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("claimed-meanwhile").unbound().maxActive(1));
        Gate gate = new Gate();
        q.queue(gate.item);
        await(gate.running);
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch pRunning = new CountDownLatch(1);
        CountDownLatch releaseP = new CountDownLatch(1);
        Work a = new Work("A", () -> {
            aRunning.countDown();
            await(releaseA);
        });
        Work p = new Work("P", () -> {
            pRunning.countDown();
            await(releaseP);
        });
        q.queue(a); // both wait behind the gate's runnable worker, and go into the next batch together
        q.queue(p);
        gate.open.set(true);
        await(aRunning);
        waitUntil(() -> q.describe().contains("batch=1/2") && !q.describe().contains("gate"));
        WorkerPool.snapshotAfterPlaceForTest = b -> {
            if (b.currentItem() == a) {
                releaseA.countDown(); // A ends, and the worker claims P now, while the flusher holds the lock
                await(pRunning);
            }
        };
        AtomicBoolean flushed = new AtomicBoolean();
        Thread flusher = new Thread(() -> {
            q.flush();
            flushed.set(true);
        });
        try {
            flusher.start();
            await(pRunning);
            sleep(100);
            assertFalse(flushed.get(), "flush() returned while P, queued before it, was running");
        } finally {
            WorkerPool.snapshotAfterPlaceForTest = null;
            releaseA.countDown();
            releaseP.countDown();
        }
        flusher.join(20_000);
        assertTrue(flushed.get());
    }

    @Test
    void aFlushSkipsABatchEntryCancelledAndQueuedAgainElsewhere() throws Exception {
        Workqueue q1 = queues.open(Workqueue.builder("stale-entry").ordered());
        Workqueue q2 = queues.open(Workqueue.builder("elsewhere").unbound());
        Gate gate = new Gate();
        q1.queue(gate.item);
        await(gate.running);
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        q1.queue(new Work("a", () -> {
            aRunning.countDown();
            await(release);
        }));
        DelayedWork x = new DelayedWork("x", () -> { });
        q1.queue(x);
        gate.open.set(true); // one batch: a, x
        await(aRunning);
        assertTrue(x.cancel());
        assertTrue(q2.queueDelayed(x, java.time.Duration.ofHours(1)), "x's next queueing waits an hour on q2");
        AtomicBoolean flushed = new AtomicBoolean();
        Thread flusher = new Thread(() -> {
            q1.flush(); // finds a running and x's stale entry
            flushed.set(true);
        });
        flusher.start();
        sleep(50);
        release.countDown();
        flusher.join(5_000);
        assertTrue(flushed.get(), "q1's flush waited for x's queueing on q2, not for the one it saw: " + q1.describe());
        assertTrue(x.cancel());
    }

    @Test
    void aHandOffRecordedAfterTheRunnerReListedItLeavesNoLinkBehind() throws Exception {
        Workqueue q2 = queues.open(Workqueue.builder("runner-side").unbound());
        // Two busy workers at most: while the claimer is stopped and another worker is busy, nothing is copied.
        Workqueue q1 = queues.open(Workqueue.builder("claimer-side").unbound().maxActive(2));
        Reentrant r = new Reentrant();
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch leaveHook = new CountDownLatch(1);
        WorkerPool.beforeRecordHandOffForTest = w -> {
            if (w == r.item) {
                inHook.countDown();
                await(leaveHook);
            }
        };
        try {
            q2.queue(r.item);
            await(r.firstRunning);
            assertTrue(q1.queue(r.item)); // q1's worker claims it, finds it running, hands it off, stops here
            await(inHook);
            Gate gate = new Gate();
            q1.queue(gate.item); // a second q1 worker, busy and runnable: nothing else starts
            await(gate.running);
            CountDownLatch yRunning = new CountDownLatch(1);
            CountDownLatch yRelease = new CountDownLatch(1);
            q1.queue(new Work("y", () -> {
                yRunning.countDown();
                await(yRelease);
            }));
            r.release.countDown(); // the runner ends and lists the queueing in q1's worklist, after y
            waitUntil(() -> !r.item.isRunning());
            gate.open.set(true); // the gate's worker takes y and the re-listed queueing as one batch; y blocks
            await(yRunning);
            leaveHook.countDown(); // the claimer records its hand-off only now, while that batch holds it
            waitUntil(() -> r.runs.get() == 2); // run from the blocked worker's batch, by a copy
            yRelease.countDown();
            Thread drainer = new Thread(q1::drain);
            drainer.start();
            drainer.join(5_000);
            assertFalse(drainer.isAlive(), "q1 never became idle: " + q1.describe());
            assertTrue(q1.describe().contains("handedOff=0"), q1.describe());
            assertTrue(q1.queue(r.item)); // its links are free: it can be listed again
            q1.flush();
            assertEquals(3, r.runs.get());
            assertEquals(0, r.overlaps.get());
        } finally {
            WorkerPool.beforeRecordHandOffForTest = null;
            leaveHook.countDown();
        }
    }

    @Test
    void anIdleWorkerKeepsNoItemItRanReachable() {
        Workqueue q = queues.open(Workqueue.builder("forgets").unbound());
        java.lang.ref.WeakReference<Work> ran = queueAndFlush(q);
        for (int i = 0; i < 50 && ran.get() != null; i++) {
            System.gc();
            sleep(20);
        }
        assertTrue(ran.get() == null, "a worker's batch still holds the item it ran: " + q.describe());
    }

    private static java.lang.ref.WeakReference<Work> queueAndFlush(Workqueue q) {
        Work w = new Work("forgotten", () -> { });
        q.queue(w);
        q.flush();
        WorkqueueTest.waitUntil(() -> q.describe().contains("active=0"));
        return new java.lang.ref.WeakReference<>(w);
    }

    @Test
    void aListedItemCancelledAndQueuedAtOnceOnAnotherQueueLeavesBothWorklistsWhole() {
        // The cancel clears the pending bit; before it returns, the item is queued on another queue, whose lock
        // holder links it into that queue's worklist. The cancel must have taken it off its own worklist first:
        // unlinking it afterwards, through links that now belong to the other list, would cut the items around
        // it off its own (x1 and x3 never ran, and the flush did not wait for them).
        Workqueue q1 = queues.open(Workqueue.builder("cancel-listed-1").unbound());
        Workqueue q2 = queues.open(Workqueue.builder("cancel-listed-2").unbound());
        Gate g1 = new Gate();
        Gate g2 = new Gate();
        q1.queue(g1.item);
        q2.queue(g2.item);
        await(g1.running);
        await(g2.running);
        AtomicInteger x1Runs = new AtomicInteger();
        AtomicInteger x2Runs = new AtomicInteger();
        AtomicInteger x3Runs = new AtomicInteger();
        Work x1 = new Work("x1", x1Runs::incrementAndGet);
        Work x2 = new Work("x2", x2Runs::incrementAndGet);
        Work x3 = new Work("x3", x3Runs::incrementAndGet);
        Work y = new Work("y", () -> { });
        q1.queue(x1);
        q1.queue(x2);
        q1.queue(x3);
        q2.queue(y);
        AtomicBoolean requeued = new AtomicBoolean();
        WorkerPool.afterPendingClearedForTest = w -> {
            if (w == x2 && requeued.compareAndSet(false, true)) {
                assertTrue(q2.queue(x2), "x2 is no longer pending");
                assertTrue(y.cancel()); // q2's cancel drains its intake: x2 is linked into q2's worklist
            }
        };
        try {
            assertTrue(x2.cancel()); // drains q1's intake first: x2 is cancelled from q1's worklist [x1, x2, x3]
        } finally {
            WorkerPool.afterPendingClearedForTest = null;
        }
        assertTrue(requeued.get(), "the hook ran");
        g1.open.set(true);
        g2.open.set(true);
        q1.flush();
        q2.flush();
        assertEquals(List.of(1, 1, 1), List.of(x1Runs.get(), x2Runs.get(), x3Runs.get()),
                "runs of x1, x2 (on q2), x3: " + q1.describe() + " / " + q2.describe());
    }

    @Test
    void aHandOffTakenOverAndAtOnceQueuedOnAnotherQueueLeavesThatWorklistWhole() {
        // The runner takes over the hand-off (it will run the item again) and clears its pending bit; before it
        // lets go of the lock, the item is queued on another queue and linked into that queue's worklist,
        // between y0 and y1. The take-over must have taken it off its hand-offs first: unlinking it afterwards
        // would follow the other list's links and cut the item out of it (the second queue never runs it).
        Workqueue q1 = queues.open(Workqueue.builder("take-over-1").unbound());
        Workqueue q2 = queues.open(Workqueue.builder("take-over-2").unbound());
        Reentrant r = new Reentrant();
        queueAgainUntilHandedOff(q1, r);
        Gate g2 = new Gate();
        q2.queue(g2.item);
        await(g2.running);
        AtomicInteger yRuns = new AtomicInteger();
        Work y0 = new Work("y0", yRuns::incrementAndGet);
        Work y1 = new Work("y1", yRuns::incrementAndGet);
        Work z = new Work("z", () -> { });
        q2.queue(y0);
        AtomicBoolean requeued = new AtomicBoolean();
        AtomicBoolean hookSawItAccepted = new AtomicBoolean();
        WorkerPool.afterPendingClearedForTest = w -> { // on q1's worker, under q1's pool's lock
            if (w == r.item && requeued.compareAndSet(false, true)) {
                hookSawItAccepted.set(q2.queue(r.item)); // not pending any more: accepted, into q2's intake
                q2.queue(y1);
                q2.queue(z);
                z.cancel(); // q2's cancel drains its intake: y0, the item, y1 are linked into q2's worklist
            }
        };
        try {
            r.release.countDown(); // the first run ends; its runner takes the hand-off over
            waitUntil(requeued::get);
        } finally {
            WorkerPool.afterPendingClearedForTest = null;
            g2.open.set(true);
        }
        assertTrue(hookSawItAccepted.get(), "q2 accepted the item once the take-over cleared its pending bit");
        assertFlushReturns(q1);
        assertFlushReturns(q2);
        assertEquals(3, r.runs.get(), "the first run, the hand-off run again, q2's queueing: " + q1.describe()
                + " / " + q2.describe());
        assertEquals(0, r.overlaps.get());
        assertEquals(2, yRuns.get());
        assertEquals(r.item.acceptedVolatile(), r.item.finishedVolatile());
    }

    @Test
    void aRunnerWhoseHandOffWasCancelledAndQueuedElsewhereLeavesTheOtherPoolsHandOffAlone() throws Exception {
        // The runner sees HANDOFF (q1's queueing) and goes for q1's pool lock. Before it gets it, that queueing is
        // cancelled and the item queued on q2, whose worker hands it off too and lists it among q2's hand-offs.
        // The runner, with its out-of-date state, must leave q2's list alone: the item's place names q2's list,
        // not one of q1's.
        Workqueue q1 = queues.open(Workqueue.builder("stale-runner-1").unbound());
        Workqueue q2 = queues.open(Workqueue.builder("stale-runner-2").unbound());
        Reentrant r = new Reentrant();
        queueAgainUntilHandedOff(q1, r);
        WorkerPool q1Pool = r.item.submittedTo;
        Thread firstRunner = findThread(r.threads.iterator().next());
        assertTrue(firstRunner != null, "the first run's thread: " + r.threads);
        synchronized (q1Pool) {
            r.release.countDown(); // the first run ends; the runner blocks on q1's pool lock to take over
            waitUntil(() -> firstRunner.getState() == Thread.State.BLOCKED);
            assertTrue(r.item.cancel(), "q1's hand-off cancelled");
            assertTrue(q2.queue(r.item), "still running: accepted by q2");
            waitUntil(() -> q2.describe().contains("handedOff=1")); // q2's worker handed it off and listed it
        }
        assertFlushReturns(q1);
        assertFlushReturns(q2);
        // A hand-off list left with a head but no items keeps q1 from ever being idle: its drain never ends.
        OpenQueues.assertReturns(q1::drain, "q1.drain()", q1);
        assertEquals(2, r.runs.get(), "the first run and q2's queueing; q1's cancelled one never ran: "
                + q1.describe() + " / " + q2.describe());
        assertEquals(0, r.overlaps.get());
        assertEquals(r.item.acceptedVolatile(), r.item.finishedVolatile());
        assertTrue(q1.describe().contains("handedOff=0"), q1.describe());
        assertTrue(q2.describe().contains("handedOff=0"), q2.describe());
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
