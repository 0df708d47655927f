package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DelayedWorkTest {
    private final Workqueue q = Workqueue.builder("delayed").shards(2).build();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void runsOnceAfterItsDelayAndIsPendingMeanwhile() {
        AtomicLong ranAt = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(1);
        DelayedWork w = new DelayedWork("later", () -> {
            ranAt.set(System.nanoTime());
            ran.countDown();
        });
        long start = System.nanoTime();
        assertTrue(q.queueDelayed(w, Duration.ofMillis(50)));
        assertTrue(w.isPending());
        assertFalse(q.queueDelayed(w, Duration.ofMillis(1)), "pending in its timer");
        assertFalse(q.queue(w), "pending in its timer");
        WorkqueueTest.await(ran);
        assertTrue(ranAt.get() - start >= 50_000_000L, "ran after " + (ranAt.get() - start) / 1000 + " us");
        w.flush();
        assertEquals(w.acceptedVolatile(), w.finishedVolatile());
        assertEquals(1, w.acceptedVolatile());
    }

    @Test
    void cancelStopsTheTimer() {
        AtomicInteger runs = new AtomicInteger();
        DelayedWork w = new DelayedWork("cancelled", runs::incrementAndGet);
        q.queueDelayed(w, Duration.ofMillis(30));
        assertTrue(w.cancel());
        assertFalse(w.isPending());
        assertFalse(w.cancel());
        WorkqueueTest.sleep(60);
        assertEquals(0, runs.get());
        assertTrue(q.queueDelayed(w, Duration.ofMillis(1)), "usable again");
        w.flush();
        assertEquals(1, runs.get());
    }

    @Test
    void flushFiresAPendingTimerAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        DelayedWork w = new DelayedWork("hour", runs::incrementAndGet);
        q.queueDelayed(w, Duration.ofHours(1));
        long start = System.nanoTime();
        assertTrue(w.flush());
        assertEquals(1, runs.get());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void closeRunsItemsStillInTheirTimer() {
        Workqueue other = Workqueue.builder("delayed-close").unbound().build();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            other.queueDelayed(new DelayedWork("d" + i, runs::incrementAndGet), Duration.ofDays(1));
        }
        other.close();
        assertEquals(10, runs.get());
    }

    @Test
    void manyTimersFireInDeadlineOrderOnAnOrderedQueue() {
        Workqueue ordered = Workqueue.builder("delayed-ordered").ordered().build();
        try {
            java.util.List<Integer> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            DelayedWork[] ws = new DelayedWork[20];
            // Deadlines fixed in advance, however slow the loop is, and far enough out that the loop (class loading,
            // compilation, a busy host) ends before the first: an item queued after its deadline runs at once.
            long base = System.nanoTime() + 300_000_000L;
            for (int i = 19; i >= 0; i--) { // added latest deadline first: the timer orders them
                int n = i;
                ws[i] = new DelayedWork("t" + i, () -> order.add(n));
                long delay = Math.max(0, base + 3_000_000L * i - System.nanoTime());
                ordered.queueDelayed(ws[i], Duration.ofNanos(delay));
            }
            WorkqueueTest.waitUntil(() -> order.size() == 20);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, order.get(i));
            }
        } finally {
            ordered.close();
        }
    }

    @Test
    void badDelayChangesNothing() {
        DelayedWork w = new DelayedWork("bad", () -> { });
        assertThrows(IllegalArgumentException.class, () -> q.queueDelayed(w, Duration.ofMillis(-1)));
        assertFalse(w.isPending());
        assertThrows(NullPointerException.class, () -> q.queueDelayed(w, null));
    }

    /** A delayed item that pauses its caller right after flush()'s or cancelSync()'s look at the timer. */
    private static final class PausingDelayed extends DelayedWork {
        volatile Thread pauseOn;
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        PausingDelayed(String name, Runnable fn) {
            super(name, fn);
        }

        private void maybePause() {
            if (Thread.currentThread() == pauseOn) {
                pauseOn = null;
                paused.countDown();
                WorkqueueTest.await(resume);
            }
        }

        @Override
        boolean fireTimerNow() {
            boolean fired = super.fireTimerNow();
            maybePause();
            return fired;
        }

        @Override
        boolean cancelTimer() {
            boolean cancelled = super.cancelTimer();
            maybePause();
            return cancelled;
        }
    }

    /**
     * Runs {@code op} on a thread of its own and, once it has looked at the item's empty timer, arms the timer
     * for an hour from this thread: {@code op} must then deal with that queueing, not wait out its delay.
     */
    private void raceWithAnHourLongQueueing(PausingDelayed w, Runnable op) throws InterruptedException {
        Thread t = new Thread(op, "races-the-timer");
        w.pauseOn = t;
        t.start();
        WorkqueueTest.await(w.paused);
        assertTrue(q.queueDelayed(w, Duration.ofHours(1)));
        w.resume.countDown();
        t.join(20_000);
        assertFalse(t.isAlive(), "still waiting for an hour-long timer: " + q.describe());
    }

    @Test
    void flushFiresATimerArmedAfterItsFirstLook() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        PausingDelayed w = new PausingDelayed("flushed", runs::incrementAndGet);
        q.queue(w);
        w.flush(); // it has run once: the next queueing's pool is no longer unknown
        raceWithAnHourLongQueueing(w, w::flush);
        assertEquals(2, runs.get(), "the flush fired the timer and waited for that run");
    }

    @Test
    void cancelSyncCancelsATimerArmedAfterItsFirstLook() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        PausingDelayed w = new PausingDelayed("cancelled", runs::incrementAndGet);
        q.queue(w);
        w.flush();
        AtomicInteger cancelled = new AtomicInteger();
        raceWithAnHourLongQueueing(w, () -> cancelled.set(w.cancelSync() ? 1 : 0));
        assertEquals(1, cancelled.get(), "cancelSync() cancelled the queueing armed meanwhile");
        assertFalse(w.isPending());
        assertEquals(1, runs.get());
    }

    /**
     * The timer pushes a due item under its lock, wakes the worker after letting go of it, and leaves a worker
     * that must be created to the worker-creation thread: a factory that hangs when the timer fires into its
     * queue (here a memReclaim one, whose rescuer runs the item) blocks neither the timer, which fires other
     * queues' items on time, nor other threads arming, flushing or cancelling delayed items.
     */
    @Test
    void aFactoryThatHangsUnderTheTimerDoesNotBlockOtherQueuesDelayedItems() throws Exception {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Workqueue hanging = Workqueue.builder("timer-hanging-factory").unbound().memReclaim().threadFactory(r -> {
            inFactory.countDown();
            WorkqueueTest.await(release);
            Thread t = new Thread(r, "late-worker");
            t.setDaemon(true);
            return t;
        }).build();
        try {
            AtomicInteger ran = new AtomicInteger();
            DelayedWork intoHanging = new DelayedWork("into-hanging", ran::incrementAndGet);
            hanging.queueDelayed(intoHanging, Duration.ofMillis(1)); // the timer fires it, and creates a worker
            WorkqueueTest.await(inFactory);
            // The timer goes on firing other queues' items: this one fires on its own, with no flush.
            CountDownLatch firedLater = new CountDownLatch(1);
            q.queueDelayed(new DelayedWork("fired-later", firedLater::countDown), Duration.ofMillis(5));
            WorkqueueTest.await(firedLater);
            AtomicInteger other = new AtomicInteger();
            DelayedWork elsewhere = new DelayedWork("elsewhere", other::incrementAndGet);
            OpenQueues.assertReturns(() -> {
                q.queueDelayed(elsewhere, Duration.ofHours(1));
                elsewhere.flush(); // fires it on this thread, and waits for its run
                DelayedWork cancelled = new DelayedWork("cancelled", () -> { });
                q.queueDelayed(cancelled, Duration.ofHours(1));
                assertTrue(cancelled.cancel());
            }, "delayed items of another queue while a factory hangs under the timer", q);
            assertEquals(1, other.get());
            intoHanging.flush(); // the rescuer runs it meanwhile
            assertEquals(1, ran.get());
        } finally {
            release.countDown();
            hanging.close();
        }
    }

    /**
     * A flush waits for the queueings it saw: an item that arms itself again (an hour out) while the flush waits
     * for its run, and then runs on for a few of the flush's wait rounds, is waited for, and its new arming is
     * left alone, not fired.
     */
    @Test
    void flushLeavesAnArmingMadeAfterItAlone() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch reArm = new CountDownLatch(1);
        DelayedWork[] self = new DelayedWork[1];
        self[0] = new DelayedWork("re-arms", () -> {
            if (runs.incrementAndGet() == 1) {
                running.countDown();
                WorkqueueTest.await(reArm);
                q.queueDelayed(self[0], Duration.ofHours(1));
                WorkqueueTest.sleep(350); // several 100 ms rounds of the flush's wait
            }
        });
        q.queue(self[0]);
        WorkqueueTest.await(running);
        Thread flusher = new Thread(self[0]::flush);
        flusher.start();
        WorkqueueTest.waitUntil(() -> flusher.getState() == Thread.State.TIMED_WAITING); // in its wait rounds
        reArm.countDown();
        flusher.join(20_000);
        assertFalse(flusher.isAlive());
        assertEquals(1, runs.get(), "the flush fired the arming made after it began");
        assertTrue(self[0].isPending(), "still armed");
        assertTrue(self[0].cancel());
    }
}
