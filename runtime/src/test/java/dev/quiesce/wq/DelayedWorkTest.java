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
}
