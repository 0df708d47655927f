package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a lost item shows up as a flush that never returns
class WorkqueueTest {
    private final OpenQueues queues = new OpenQueues();

    @AfterEach
    void closeAll() {
        queues.closeAll();
    }

    static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(20, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void queueingAPendingItemReturnsFalseAndItRunsOnce() {
        Workqueue q = queues.open(Workqueue.builder("pending").ordered());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        q.queue(new Work("gate", () -> {
            started.countDown();
            await(release);
        }));
        await(started);
        AtomicInteger runs = new AtomicInteger();
        Work w = new Work("counted", runs::incrementAndGet);
        assertTrue(q.queue(w));
        assertTrue(w.isPending());
        assertFalse(q.queue(w), "already pending");
        release.countDown();
        w.flush();
        assertEquals(1, runs.get());
        assertFalse(w.isPending());
        assertTrue(q.queue(w), "reusable once it ran");
        w.flush();
        assertEquals(2, runs.get());
    }

    @Test
    void anItemNeverRunsConcurrentlyWithItselfAndEveryAcceptedQueueingRuns() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("reentrancy").shards(2));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Work w = new Work("busy", () -> {
            if (inside.incrementAndGet() > 1) {
                overlap.incrementAndGet();
            }
            runs.incrementAndGet();
            for (int i = 0; i < 200; i++) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
        });
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    if (q.queue(w)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        q.flush();
        w.flush();
        assertEquals(0, overlap.get());
        assertEquals(accepted.get(), runs.get());
    }

    @Test
    void orderedQueueRunsOneAtATimeInQueueOrder() {
        Workqueue q = queues.open(Workqueue.builder("ordered").ordered());
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            int n = i;
            q.queue(new Work("o" + i, () -> {
                if (inside.incrementAndGet() > 1) {
                    overlap.incrementAndGet();
                }
                order.add(n);
                if (n % 10 == 0) {
                    try {
                        Thread.sleep(1); // blocking must not let the next item start on an ordered queue
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                inside.decrementAndGet();
            }));
        }
        q.flush();
        assertEquals(0, overlap.get());
        for (int i = 0; i < 200; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void maxActiveBoundsTheItemsRunningAtOnce() {
        Workqueue q = queues.open(Workqueue.builder("max-active").unbound().maxActive(2));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            q.queue(new Work("b" + i, () -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                await(release);
                inside.decrementAndGet();
            }));
        }
        waitUntil(() -> inside.get() == 2);
        sleep(50);
        assertEquals(2, inside.get(), "blocked items must not let more than maxActive start");
        release.countDown();
        q.flush();
        assertEquals(2, most.get());
    }

    @Test
    void aBlockedItemLetsTheNextOneStart() {
        Workqueue q = queues.open(Workqueue.builder("cmwq").shards(1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        q.queue(new Work("blocks", () -> await(release)));
        q.queue(new Work("next", second::countDown));
        await(second); // ran while the first one was blocked
        release.countDown();
        q.flush();
    }

    /**
     * The same, over and over, with extra idle workers timing out all the time. Both items are queued while the
     * first is runnable, so only a poller can start the second: the worker that becomes busy wakes one idle
     * worker to poll, and if the one it wakes is an extra one whose idle timeout just ran out, that worker
     * must stay and poll, not leave (the other idle worker sleeps untimed, and nothing else would wake it).
     */
    @Test
    void aBlockedItemLetsTheNextOneStartWhileIdleWorkersRetire() {
        Workqueue q = queues.open(Workqueue.builder("cmwq-retiring").shards(1).idleTimeout(Duration.ofMillis(1)));
        for (int round = 0; round < 500; round++) {
            CountDownLatch second = new CountDownLatch(1);
            // The first item starts about when an extra idle worker's 1 ms wait runs out.
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000L, 1_500_000L));
            q.queue(new Work("blocks", () -> await(second))); // only the next item releases it
            q.queue(new Work("next", second::countDown));
            q.flush();
        }
    }

    /**
     * A worker that starts a lone item on an idle pool wakes no poller (nothing waits behind it). An item queued
     * while the first still runs (runnable), which then blocks until that second item ran, must still start: the
     * queueing itself wakes a poller, which sees the first block. Over and over, with the queueing at random
     * points of the first item's run (the pool keeps two idle workers: no spare is made that would poll).
     */
    @Test
    void anItemQueuedBehindALoneRunnableItemThatThenBlocksStarts() {
        Workqueue q = queues.open(Workqueue.builder("lone-then-blocks").shards(1));
        for (int round = 0; round < 300; round++) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000L, 2_000_000L)); // workers asleep
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch second = new CountDownLatch(1);
            long spin = ThreadLocalRandom.current().nextLong(0, 200_000L);
            q.queue(new Work("lone", () -> {
                firstRunning.countDown();
                long end = System.nanoTime() + spin; // runnable for a while, then blocked
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                await(second); // only the next item releases it
            }));
            await(firstRunning);
            q.queue(new Work("behind", second::countDown));
            OpenQueues.assertReturns(q::flush, "flush() of round " + round, q);
        }
    }

    @Test
    void cpuBoundItemsRunOnFewWorkers() {
        Workqueue q = queues.open(Workqueue.builder("cpu").shards(1));
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            q.queue(new Work("spin" + i, () -> {
                threads.add(Thread.currentThread());
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                long end = System.nanoTime() + 5_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                inside.decrementAndGet();
            }));
        }
        q.flush();
        assertTrue(threads.size() <= 3, "CPU-bound items spawned " + threads.size() + " workers");
        assertTrue(most.get() <= 2, "CPU-bound items ran " + most.get() + " at once on one shard");
    }

    @Test
    void flushWaitsForEarlierItemsOnly() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("flush").unbound());
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        q.queue(new Work("A", () -> {
            await(releaseA);
            done.incrementAndGet();
        }));
        Thread flusher = new Thread(q::flush);
        flusher.start();
        waitUntil(() -> flusher.getState() == Thread.State.TIMED_WAITING || flusher.getState() == Thread.State.WAITING);
        Work b = new Work("B", () -> await(releaseB));
        q.queue(b);
        releaseA.countDown();
        flusher.join(20_000);
        assertFalse(flusher.isAlive(), "flush waited for an item queued after it");
        assertEquals(1, done.get());
        assertTrue(b.isRunning() || b.isPending());
        releaseB.countDown();
    }

    @Test
    void cancelRemovesAPendingItemAndCancelSyncWaitsForARunningOne() {
        Workqueue q = queues.open(Workqueue.builder("cancel").ordered());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Work gate = new Work("gate", () -> {
            started.countDown();
            await(release);
        });
        q.queue(gate);
        await(started);
        AtomicInteger runs = new AtomicInteger();
        Work w = new Work("w", runs::incrementAndGet);
        q.queue(w);
        assertTrue(w.cancel());
        assertFalse(w.isPending());
        assertFalse(w.cancel(), "nothing left to cancel");
        assertFalse(w.flush(), "a cancelled item has nothing to flush");
        Thread canceller = new Thread(gate::cancelSync);
        canceller.start();
        waitUntil(() -> canceller.getState() != Thread.State.RUNNABLE);
        assertTrue(canceller.isAlive(), "cancelSync returned while the item ran");
        release.countDown();
        joinQuietly(canceller);
        q.flush();
        assertEquals(0, runs.get());
    }

    @Test
    void randomQueueAndCancelRacesAccountForEveryQueueing() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("races").shards(2).maxActive(3));
        int items = 16;
        AtomicLong[] runs = new AtomicLong[items];
        Work[] ws = new Work[items];
        for (int i = 0; i < items; i++) {
            AtomicLong r = runs[i] = new AtomicLong();
            ws[i] = new Work("r" + i, () -> {
                r.incrementAndGet();
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Thread.yield();
                }
            });
        }
        AtomicLong accepted = new AtomicLong();
        AtomicLong cancelled = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    Work w = ws[rnd.nextInt(items)];
                    if (rnd.nextInt(3) == 0) {
                        if (w.cancel()) {
                            cancelled.incrementAndGet();
                        }
                    } else if (rnd.nextBoolean() ? q.queue(w) : q.queueOn(rnd.nextInt(2), w)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        q.flush();
        long ran = 0;
        for (int i = 0; i < items; i++) {
            ws[i].flush();
            ran += runs[i].get();
            assertEquals(ws[i].acceptedVolatile(), ws[i].finishedVolatile());
        }
        assertEquals(accepted.get(), ran + cancelled.get(), "run + cancelled == accepted");
    }

    @Test
    void closeRunsEveryAcceptedItemThenRefuses() {
        Workqueue q = Workqueue.builder("close").shards(2).build();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            q.queue(new Work("c" + i, runs::incrementAndGet));
        }
        q.close();
        assertEquals(1000, runs.get());
        assertTrue(q.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.queue(new Work("late", () -> { })));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        q.close(); // idempotent
        assertFalse(Workqueues.open().contains(q));
    }

    /**
     * close() against submitters queueing nonstop (plain and delayed items): every queueing that returned true
     * ran before close() returned, and nothing ran after. A queueing whose push lands after close's last drain
     * must take its item back (or keep it, if a worker started it, and close must wait for that worker).
     */
    @Test
    void closeRacingSubmittersRunsEveryAcceptedItemBeforeItReturns() throws Exception {
        int rounds = 150;
        for (int round = 0; round < rounds; round++) {
            Workqueue q = Workqueue.builder("close-race").shards(2).build();
            AtomicLong runs = new AtomicLong();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            int submitters = 3;
            CountDownLatch started = new CountDownLatch(submitters);
            Thread[] ts = new Thread[submitters];
            for (int t = 0; t < submitters; t++) {
                boolean delayed = t == 0;
                ts[t] = new Thread(() -> {
                    started.countDown();
                    for (long i = 0; ; i++) {
                        try {
                            boolean ok = delayed && (i & 7) == 0
                                    ? q.queueDelayed(new DelayedWork("d", runs::incrementAndGet), Duration.ofNanos(1 + (i & 1) * 50_000))
                                    : q.queue(new Work("r", runs::incrementAndGet));
                            assertTrue(ok, "a fresh item is never pending");
                            accepted.incrementAndGet();
                        } catch (IllegalStateException e) {
                            refused.incrementAndGet();
                            return;
                        }
                    }
                }, "close-race-" + t);
                ts[t].start();
            }
            await(started);
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 2_000_000));
            q.close();
            long ranByClose = runs.get();
            for (Thread t : ts) {
                t.join(20_000);
                assertFalse(t.isAlive(), "a submitter got no refusal after close()");
            }
            assertEquals(submitters, refused.get());
            assertEquals(accepted.get(), ranByClose, "round " + round + ": accepted items that had not run when close()"
                    + " returned (or items that ran twice)");
            assertEquals(ranByClose, runs.get(), "round " + round + ": an item ran after close() returned");
        }
    }

    /** A queueing that passed the state check before close() but pushes after it returned is refused. */
    @Test
    void aQueueingThatPushesAfterCloseReturnedIsRefusedAndItsItemNeverRuns() throws Exception {
        Workqueue q = Workqueue.builder("late-push").shards(2).build();
        AtomicInteger runs = new AtomicInteger();
        Work late = new Work("late", runs::incrementAndGet);
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Workqueue.beforePushForTest = w -> {
            if (w == late) {
                checked.countDown();
                await(closed);
            }
        };
        try {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread s = new Thread(() -> outcome.set(outcome(() -> q.queue(late))));
            s.start();
            await(checked);
            q.close();
            closed.countDown();
            s.join(20_000);
            assertTrue(outcome.get() instanceof IllegalStateException,
                    "a queueing that pushed after close() returned must be refused: " + outcome.get());
            assertTrue(((Throwable) outcome.get()).getMessage().contains("closed"), outcome.get().toString());
            assertFalse(late.isPending(), "the refused item was taken back");
            assertEquals(0, runs.get());
            assertEquals(late.acceptedVolatile(), late.finishedVolatile(), "the taken-back queueing is accounted as cancelled");
        } finally {
            Workqueue.beforePushForTest = null;
        }
    }

    /**
     * A queueing that pushes after close()'s last drain, whose item a worker starts before the queueing can take
     * it back, stays accepted, and close() returns only after that item ran.
     */
    @Test
    void anItemStartedAfterClosesLastDrainRunsBeforeCloseReturns() throws Exception {
        Workqueue q = Workqueue.builder("late-start").unbound().build();
        q.queue(new Work("warm", () -> { })); // a worker exists, idle, when the late item comes
        q.flush();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Work late = new Work("late", () -> {
            running.countDown();
            await(release);
            runs.incrementAndGet();
        });
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        CountDownLatch pushedAndChecked = new CountDownLatch(1);
        Workqueue.beforePushForTest = w -> {
            if (w == late) {
                checked.countDown();
                await(drained);
            }
        };
        Workqueue.afterPushForTest = w -> {
            if (w == late) {
                await(running); // a worker started it before this queueing reads the state
            }
        };
        Workqueue.beforeStopForTest = () -> {
            drained.countDown();
            await(pushedAndChecked);
        };
        try {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread s = new Thread(() -> {
                outcome.set(outcome(() -> q.queue(late)));
                pushedAndChecked.countDown();
            });
            s.start();
            await(checked);
            Thread c = new Thread(q::close);
            c.start();
            await(running); // the late item was pushed after the last drain and a worker started it
            s.join(20_000);
            assertEquals(Boolean.TRUE, outcome.get(), "an item a worker started stays accepted");
            c.join(300);
            assertTrue(c.isAlive(), "close() returned while an accepted item was still running");
            release.countDown();
            c.join(20_000);
            assertFalse(c.isAlive());
            assertEquals(1, runs.get());
        } finally {
            Workqueue.beforePushForTest = null;
            Workqueue.afterPushForTest = null;
            Workqueue.beforeStopForTest = null;
        }
    }

    /**
     * Two queueings of one item race with close(): the one whose run already happened stays accepted, even though
     * it sees the queue closed while a later queueing of the same item is pending; the later one is the one taken
     * back. A take-back removes its own queueing, never another.
     */
    @Test
    void aTakeBackAfterCloseRemovesOnlyItsOwnQueueing() throws Exception {
        // Shard 1 never gets a worker (its creations fail), so B's queueing, pushed there, stays pending.
        AtomicInteger made = new AtomicInteger();
        Workqueue q = Workqueue.builder("take-back").shards(2)
                .threadFactory(r -> made.getAndIncrement() == 0 ? new Thread(r, "take-back-0") : null).build();
        AtomicInteger runs = new AtomicInteger();
        Work w = new Work("twice", runs::incrementAndGet);
        CountDownLatch aPushed = new CountDownLatch(1);
        CountDownLatch aGo = new CountDownLatch(1);
        CountDownLatch bChecked = new CountDownLatch(1);
        CountDownLatch bGo = new CountDownLatch(1);
        CountDownLatch bPushed = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        CountDownLatch cGo = new CountDownLatch(1);
        AtomicInteger pushes = new AtomicInteger();
        Workqueue.beforePushForTest = x -> {
            if (x == w && pushes.get() == 1) {
                bChecked.countDown();
                await(bGo); // B: past its state check and pending bit, pushes after close's last drain
            }
        };
        Workqueue.afterPushForTest = x -> {
            if (x == w) {
                if (pushes.incrementAndGet() == 1) {
                    aPushed.countDown();
                    await(aGo); // A: pushed, reads the state only at the end
                } else {
                    bPushed.countDown();
                }
            }
        };
        Workqueue.beforeStopForTest = () -> {
            drained.countDown();
            await(cGo);
        };
        try {
            AtomicReference<Object> a = new AtomicReference<>();
            AtomicReference<Object> b = new AtomicReference<>();
            Thread ta = new Thread(() -> a.set(outcome(() -> q.queueOn(0, w))));
            ta.start();
            await(aPushed);
            waitUntil(() -> runs.get() == 1); // A's queueing ran
            Thread tb = new Thread(() -> b.set(outcome(() -> q.queueOn(1, w))));
            tb.start();
            await(bChecked);
            Thread tc = new Thread(q::close);
            tc.start();
            await(drained); // CLOSED, last drain done; B pushes now, then A reads the state
            bGo.countDown();
            await(bPushed);
            aGo.countDown();
            ta.join(20_000);
            assertEquals(Boolean.TRUE, a.get(), "A's queueing ran: it must stay accepted, whatever B's does");
            cGo.countDown();
            tb.join(20_000);
            tc.join(20_000);
            assertFalse(tc.isAlive());
            assertTrue(b.get() instanceof IllegalStateException, "B's queueing, never started, is taken back: " + b.get());
            assertEquals(1, runs.get());
            assertFalse(w.isPending());
        } finally {
            Workqueue.beforePushForTest = null;
            Workqueue.afterPushForTest = null;
            Workqueue.beforeStopForTest = null;
            aGo.countDown();
            bGo.countDown();
            cGo.countDown();
        }
    }

    private static Object outcome(java.util.function.BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (Throwable e) {
            return e;
        }
    }

    /**
     * Non-reentrancy across queues: an item queued on one queue while another queue's worker runs it waits for
     * that run, then runs; the pool it waits in is not woken by the other pool's finish, so it must find out.
     */
    @Test
    void anItemQueuedOnAnotherQueueWhileRunningRunsAfterThatRun() throws Exception {
        Workqueue q1 = queues.open(Workqueue.builder("runs-it").unbound());
        Workqueue q2 = queues.open(Workqueue.builder("queued-again").unbound());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Work w = new Work("cross", () -> {
            threads.add(Thread.currentThread().getName());
            if (runs.incrementAndGet() == 1) {
                running.countDown();
                await(release);
            }
        });
        q1.queue(w);
        await(running);
        assertTrue(q2.queue(w));
        sleep(50); // q2's worker looks, skips the running item, and waits
        assertEquals(1, runs.get(), "never concurrently with itself");
        release.countDown();
        waitUntil(() -> runs.get() == 2);
        q2.flush();
        assertFalse(w.isPending());
    }

    @Test
    void drainLetsItemsChainButRefusesOutsiders() {
        Workqueue q = queues.open(Workqueue.builder("drain").unbound());
        AtomicInteger chained = new AtomicInteger();
        Work[] self = new Work[1];
        self[0] = new Work("chain", () -> {
            if (chained.incrementAndGet() < 50) {
                q.queue(self[0]);
            }
        });
        q.queue(self[0]);
        q.drain();
        assertEquals(50, chained.get());
        assertTrue(q.queue(new Work("after", () -> { })), "the queue is open again after drain");
    }

    @Test
    void aThrowingItemIsCountedAndStaysUsable() {
        Workqueue q = queues.open(Workqueue.builder("throws").unbound());
        AtomicInteger runs = new AtomicInteger();
        Work w = new Work("boom", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("planted");
        });
        q.queue(w);
        w.flush();
        q.queue(w);
        w.flush();
        assertEquals(2, runs.get());
        assertEquals(2, q.itemFailures());
    }

    @Test
    void flushingAnItemFromItselfOrAnOrderedQueueFromItsOwnItemFailsFast() {
        Workqueue q = queues.open(Workqueue.builder("deps").ordered());
        AtomicInteger checks = new AtomicInteger();
        Work[] self = new Work[1];
        self[0] = new Work("self-flush", () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, self[0]::flush);
            assertTrue(e.getMessage().contains("self-flush"), e.getMessage());
            e = assertThrows(IllegalStateException.class, q::flush);
            assertTrue(e.getMessage().contains("deps") && e.getMessage().contains("self-flush"), e.getMessage());
            checks.incrementAndGet();
        });
        q.queue(self[0]);
        q.flush();
        assertEquals(1, checks.get());
    }

    /**
     * A drain() that ends while close() runs must not reopen the queue: stopped after close()'s first drain, a
     * drain runs to its end, and then a queueing from outside is still refused.
     */
    @Test
    void aDrainEndingDuringCloseDoesNotReopenTheQueue() throws Exception {
        Workqueue q = Workqueue.builder("drain-during-close").unbound().build();
        AtomicReference<Throwable> outside = new AtomicReference<>();
        AtomicInteger ran = new AtomicInteger();
        Workqueue.afterFirstCloseDrainForTest = () -> {
            Thread drainer = new Thread(q::drain);
            drainer.start();
            try {
                drainer.join(20_000);
                Thread submitter = new Thread(() -> {
                    try {
                        q.queue(new Work("from-outside", ran::incrementAndGet));
                    } catch (Throwable e) {
                        outside.set(e);
                    }
                });
                submitter.start();
                submitter.join(20_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        try {
            q.queue(new Work("before", ran::incrementAndGet));
            q.close();
        } finally {
            Workqueue.afterFirstCloseDrainForTest = null;
        }
        assertTrue(outside.get() instanceof IllegalStateException, "accepted while closing: " + outside.get());
        assertTrue(outside.get().getMessage().contains("closing"), outside.get().getMessage());
        assertEquals(1, ran.get());
        assertTrue(q.isClosed());
    }

    /**
     * Any queue's flush or drain from one of its own items throws, naming both: the item would wait for its own
     * later queueings, a maxActive(1) queue for itself, and two items flushing at once for each other.
     */
    @Test
    void aPlainQueueFlushedOrDrainedFromItsOwnItemThrows() {
        for (Workqueue q : List.of(queues.open(Workqueue.builder("self-flushed").unbound()),
                queues.open(Workqueue.builder("self-flushed-one").unbound().maxActive(1)))) {
            AtomicInteger checks = new AtomicInteger();
            Work self = new Work("flusher", () -> {
                for (Runnable call : new Runnable[] {q::flush, q::drain}) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
                    assertTrue(e.getMessage().contains(q.name()) && e.getMessage().contains("flusher"),
                            e.getMessage());
                }
                checks.incrementAndGet();
            });
            q.queue(self);
            OpenQueues.assertReturns(self::flush, "the item's flush", q);
            assertEquals(1, checks.get());
        }
    }

    /**
     * A memReclaim queue's flush or drain from its own item throws (its rescuer may be the only thread running
     * it); a memReclaim item flushing a queue without a rescuer works, and logs a warning naming both.
     */
    @Test
    void memReclaimDependencyChecks() {
        Workqueue reclaim = queues.open(Workqueue.builder("reclaim-deps").unbound().memReclaim());
        Workqueue plain = queues.open(Workqueue.builder("plain-dep").unbound());
        LogCapture log = LogCapture.start("dev.quiesce.wq");
        try {
            AtomicInteger checks = new AtomicInteger();
            Work item = new Work("reclaim-item", () -> {
                for (Runnable call : new Runnable[] {reclaim::flush, reclaim::drain}) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
                    assertTrue(e.getMessage().contains("reclaim-deps") && e.getMessage().contains("reclaim-item"),
                            e.getMessage());
                }
                plain.queue(new Work("plain-item", () -> { }));
                plain.flush(); // allowed, with a warning
                checks.incrementAndGet();
            });
            reclaim.queue(item);
            item.flush();
            assertEquals(1, checks.get());
            assertTrue(log.anyWarning(m -> m.contains("reclaim-item") && m.contains("plain-dep")
                    && m.contains("no rescuer")), log.messages().toString());
        } finally {
            log.close();
        }
    }

    @Test
    void anOfflineShardsItemsRunElsewhereAndFlushStillWaitsForThem() {
        Workqueue q = queues.open(Workqueue.builder("shards").shards(2));
        q.setShardOnline(1, false);
        Set<Integer> ranOn = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            q.queueOn(1, new Work("s" + i, () -> {
                ranOn.add(Worker.current().pool.shard);
                runs.incrementAndGet();
            }));
        }
        q.flush();
        assertEquals(100, runs.get());
        assertEquals(Set.of(0), ranOn, "items queued on the offline shard ran on the online one");
        q.setShardOnline(1, true);
        ranOn.clear();
        q.queueOn(1, new Work("back", () -> {
            ranOn.add(Worker.current().pool.shard);
            runs.incrementAndGet();
        }));
        q.flush();
        assertEquals(101, runs.get());
        assertEquals(Set.of(1), ranOn, "back online, the shard runs its own items");
        assertThrows(IndexOutOfBoundsException.class, () -> q.queueOn(2, new Work("x", () -> { })));
    }

    @Test
    void builderRefusesBadValues() {
        assertThrows(IllegalArgumentException.class, () -> Workqueue.builder(" "));
        assertThrows(IllegalArgumentException.class, () -> Workqueue.builder("q").maxActive(0));
        assertThrows(IllegalArgumentException.class, () -> Workqueue.builder("q").shards(0));
        assertThrows(IllegalArgumentException.class, () -> Workqueue.builder("q").idleTimeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Workqueue.builder("q").threadFactory(null));
        assertThrows(IllegalArgumentException.class, () -> new Work(" ", () -> { }));
    }

    @Test
    void dumpNamesQueuesPoolsAndInFlightItems() {
        Workqueue q = queues.open(Workqueue.builder("dumped").unbound().memReclaim());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        q.queue(new Work("stuck-item", () -> {
            started.countDown();
            await(release);
        }));
        await(started);
        String dump = Workqueues.dump();
        release.countDown();
        assertTrue(dump.contains("workqueue \"dumped\" memReclaim"), dump);
        assertTrue(dump.contains("in flight: stuck-item"), dump);
        assertTrue(dump.contains("rescuer quiesce-wq-rescuer-dumped"), dump);
        assertTrue(dump.contains("WorkqueueTest"), "the in-flight item's stack: " + dump);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void joinQuietly(Thread t) {
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive());
    }

    /**
     * Seed 001: shards go offline and online at random while items are queued on them, re-queued from their own
     * runs, and flushed. No item is lost, none runs twice for one queueing, no flush hangs.
     */
    @Test
    void seed001ShardsGoingOfflineAndOnlineUnderQueueingAndFlushing() throws Exception {
        Workqueue q = queues.open(Workqueue.builder("seed001").shards(4).maxActive(8));
        int items = 64;
        AtomicLong[] runs = new AtomicLong[items];
        Work[] ws = new Work[items];
        for (int i = 0; i < items; i++) {
            AtomicLong r = runs[i] = new AtomicLong();
            ws[i] = new Work("s" + i, () -> {
                r.incrementAndGet();
                if (ThreadLocalRandom.current().nextInt(16) == 0) {
                    WorkqueueTest.sleep(1);
                }
            });
        }
        AtomicLong accepted = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hotplug = new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                int s = rnd.nextInt(4);
                q.setShardOnline(s, false);
                WorkqueueTest.sleep(rnd.nextInt(3));
                q.setShardOnline(s, true);
            }
        }, "hotplug");
        hotplug.start();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    int k = rnd.nextInt(items);
                    if (q.queueOn(k % 4, ws[k])) {
                        accepted.incrementAndGet();
                    }
                    if (i % 2000 == 0) {
                        ws[k].flush();
                        q.flush();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        stop.set(true);
        hotplug.join();
        q.flush();
        long ran = 0;
        for (int i = 0; i < items; i++) {
            ws[i].flush();
            ran += runs[i].get();
        }
        assertEquals(accepted.get(), ran, "every accepted queueing ran exactly once");
    }

    @Test
    void extraIdleWorkersRetireButOneStays() {
        Workqueue q = queues.open(Workqueue.builder("retire-idle").unbound().maxActive(8)
                .idleTimeout(Duration.ofMillis(50)));
        runFourBlockedItemsAtOnce(q);
        waitUntil(() -> q.describe().contains("workers=1 idle=1"));
        AtomicInteger ran = new AtomicInteger();
        Work w = new Work("after", ran::incrementAndGet);
        q.queue(w);
        w.flush();
        assertEquals(1, ran.get());
    }

    /**
     * Extra idle workers retire even while items trickle in one at a time: a wake-up takes the worker that went
     * to sleep last, so the others sleep out their idle timeout. (Woken in turn, as a monitor's notify woke them,
     * every one of the five was woken every 25 ms and none ever retired.) The pool may keep a second worker:
     * the one running an item makes a spare when no other is idle.
     */
    @Test
    void extraIdleWorkersRetireWhileItemsTrickleIn() {
        Workqueue q = queues.open(Workqueue.builder("retire-trickle").unbound().maxActive(8)
                .idleTimeout(Duration.ofMillis(150)));
        runFourBlockedItemsAtOnce(q);
        assertTrue(workers(q) >= 4, q.describe());
        AtomicInteger ran = new AtomicInteger();
        Work w = new Work("trickle", ran::incrementAndGet);
        long deadline = System.nanoTime() + 5_000_000_000L;
        int rounds = 0;
        while (workers(q) > 2) {
            assertTrue(System.nanoTime() < deadline, "extra workers never retired: " + q.describe());
            LockSupport.parkNanos(5_000_000L);
            q.queue(w);
            w.flush();
            rounds++;
        }
        assertEquals(rounds, ran.get());
    }

    /**
     * An idle timeout too long to count in nanoseconds (the builder takes any positive duration) leaves extra idle
     * workers asleep: it saturates, where an overflow to a negative timeout made them return from every sleep at
     * once and spin through the pool's lock (a whole CPU each).
     */
    @Test
    void aHugeIdleTimeoutLeavesExtraIdleWorkersAsleep() {
        java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        Workqueue q = queues.open(Workqueue.builder("huge-idle").unbound().maxActive(8)
                .idleTimeout(Duration.ofMillis(Long.MAX_VALUE)).threadFactory(r -> {
                    Thread t = new Thread(r, "huge-idle-" + threads.size());
                    t.setDaemon(true);
                    threads.add(t);
                    return t;
                }));
        runFourBlockedItemsAtOnce(q);
        LockSupport.parkNanos(100_000_000L);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.stream().mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
        LockSupport.parkNanos(500_000_000L);
        long after = threads.stream().mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
        long cpuMillis = (after - before) / 1_000_000L;
        assertTrue(cpuMillis < 100, "idle workers used " + cpuMillis + " ms of CPU in 500 ms: " + q.describe());
    }

    /** Runs four items that block until all four run, so that the pool starts at least four workers. */
    private static void runFourBlockedItemsAtOnce(Workqueue q) {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            q.queue(new Work("block" + i, () -> {
                inside.incrementAndGet();
                await(release); // blocked items make the pool start more workers
            }));
        }
        waitUntil(() -> inside.get() == 4);
        release.countDown();
        q.flush();
    }

    private static int workers(Workqueue q) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("workers=(\\d+)").matcher(q.describe());
        assertTrue(m.find(), q.describe());
        return Integer.parseInt(m.group(1));
    }

    /**
     * Bursts from several submitters onto a pool whose one remaining worker sleeps untimed: the first queueing
     * must wake it, and the ones that skip the lock (a worker is woken, or one became busy) must still run. A
     * lost wake-up leaves the round's items unrun and the latch times out.
     */
    @Test
    void burstsOntoASleepingPoolAllRun() throws Exception {
        // Not closed after a failure: close() would wait for the lost items forever.
        Workqueue q = Workqueue.builder("sleeping-bursts").unbound().idleTimeout(Duration.ofMillis(2)).build();
        int submitters = 4;
        int perSubmitter = 25;
        AtomicInteger ran = new AtomicInteger();
        for (int round = 0; round < 60; round++) {
            Thread.sleep(8); // extra idle workers retire: one worker is left, waiting untimed
            CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                Thread th = new Thread(() -> {
                    await(go);
                    for (int i = 0; i < perSubmitter; i++) {
                        assertTrue(q.queue(new Work("burst", () -> {
                            ran.incrementAndGet();
                            done.countDown();
                        })));
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            await(done);
            for (Thread th : threads) {
                th.join();
            }
        }
        assertEquals(60 * submitters * perSubmitter, ran.get());
        q.close();
    }

    /**
     * Back-to-back bursts of tiny items from several submitters, each waiting for its own burst, onto five
     * shapes of queue in turn (two shards, one shard, unbound, maxActive 4 with workers retiring every
     * millisecond, memReclaim): the pools keep running dry and being woken while submitters race past the lock
     * on the woken mark. A mark that nobody will clear (its setter found nothing to wake) leaves later bursts
     * unrun: the burst's latch times out, with the dump in the message. {@code quiesce.wq.burstSeconds} (8; 300
     * with -Psoak) is the whole run.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.MINUTES,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // soak runs take minutes
    void backToBackBurstsFromManySubmittersNeverStall() throws Exception {
        long seconds = Long.getLong("quiesce.wq.burstSeconds", 8);
        List<Workqueue.Builder> shapes = List.of(
                Workqueue.builder("bursts-2-shards").shards(2),
                Workqueue.builder("bursts-1-shard").shards(1),
                Workqueue.builder("bursts-unbound").unbound(),
                Workqueue.builder("bursts-max4").maxActive(4).idleTimeout(Duration.ofMillis(1)),
                Workqueue.builder("bursts-reclaim").memReclaim().idleTimeout(Duration.ofMillis(2)));
        // Half the time on the first shape, where a stranded mark shows up fastest; the rest shared.
        long total = TimeUnit.SECONDS.toMillis(seconds);
        for (int s = 0; s < shapes.size(); s++) {
            Workqueue q = shapes.get(s).build(); // not closed on failure: items are lost
            runBursts(q, s == 0 ? 4 : 2 + s, Math.max(500, s == 0 ? total / 2 : total / 2 / (shapes.size() - 1)));
            q.close();
        }
    }

    private static void runBursts(Workqueue q, int submitters, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong bursts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < submitters; t++) {
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && failure.get() == null) {
                        CountDownLatch done = new CountDownLatch(500);
                        for (int i = 0; i < 500; i++) {
                            q.queue(new Work("tiny", done::countDown));
                        }
                        if (!done.await(10, TimeUnit.SECONDS)) {
                            throw new AssertionError(done.getCount() + " items of a burst unrun after 10 s\n"
                                    + Workqueues.dump());
                        }
                        bursts.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "submitter-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(q.name() + ", " + submitters + " submitters, after " + bursts.get() + " bursts",
                    failure.get());
        }
        assertTrue(bursts.get() >= submitters, q.name() + ": every submitter finished a burst: " + bursts.get());
    }
}
