package dev.quiesce.wq;

import static dev.quiesce.wq.WorkqueueTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The striped intake: submitters push to the stripe their thread id selects, and the worker that takes the
 * intake takes every stripe; a queue that runs one item at a time keeps one stripe, so that items queued one
 * after the other by different threads start in that order. A worker's take replaces each stripe's top (and
 * closes the old one), other takes keep it, and with no heap for a new top or batch array the old ones serve.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class IntakeStripesTest {
    private static final int STRIPES = 4;
    private final OpenQueues queues = new OpenQueues();

    @AfterEach
    void closeAll() {
        queues.closeAll();
    }

    /** Holds the pool's one runnable slot until opened: items queued meanwhile stay in the intake. */
    private static Work gate(CountDownLatch running, AtomicBoolean open) {
        return new Work("gate", () -> {
            running.countDown();
            while (!open.get()) {
                Thread.onSpinWait();
            }
        });
    }

    /**
     * A thread, not started, whose id puts its queueings on {@code stripe} of an unbound queue's intake (whose
     * stripe key is the whole id).
     */
    private static Thread threadOnStripe(int stripe, Runnable body) {
        for (;;) {
            Thread t = new Thread(body, "stripe-" + stripe);
            if ((t.getId() & (STRIPES - 1)) == stripe) {
                return t;
            }
        }
    }

    private static void runAndJoin(Thread t) {
        t.start();
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), t.getName() + " did not finish queueing");
    }

    @Test
    void itemsQueuedOnEveryStripeEachRunOnce() {
        Workqueue q = queues.open(Workqueue.builder("stripes-all").unbound().intakeStripes(STRIPES));
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean open = new AtomicBoolean();
        q.queue(gate(running, open));
        await(running);
        int perStripe = 100;
        AtomicIntegerArray runs = new AtomicIntegerArray(STRIPES * perStripe);
        for (int s = 0; s < STRIPES; s++) {
            int stripe = s;
            runAndJoin(threadOnStripe(stripe, () -> {
                for (int i = 0; i < perStripe; i++) {
                    int slot = stripe * perStripe + i;
                    assertTrue(q.queue(new Work("item-" + slot, () -> runs.incrementAndGet(slot))));
                }
            }));
        }
        assertTrue(q.describe().contains("stripes=" + STRIPES), q.describe());
        open.set(true);
        q.flush();
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "runs of item-" + i + " (stripe " + i / perStripe + "): " + q.describe());
        }
    }

    @Test
    void takingTheIntakeKeepsEachStripesQueueOrder() {
        WorkerPool pool = new WorkerPool(null, 0, STRIPES); // its intake only: no queue, no worker
        Work a = new Work("a", () -> { });
        Work b = new Work("b", () -> { });
        Work c = new Work("c", () -> { });
        Work d = new Work("d", () -> { });
        pool.intake.push(a, 3);
        pool.intake.push(b, 0);
        pool.intake.push(c, 3);
        pool.intake.push(d, 7); // a key selects its stripe modulo the stripe count
        List<String> taken = new ArrayList<>();
        for (Work w = pool.intake.takeAll(true); w != null; w = w.nextIntake) {
            taken.add(w.name());
        }
        assertEquals(List.of("b", "a", "c", "d"), taken, "stripe 0, then stripe 3 oldest first");
        assertTrue(pool.intake.isEmptyVolatile());
        assertEquals(null, pool.intake.takeAll(true));
    }

    @Test
    void aWorkersTakeReplacesTheTopAndClosesTheOldOneWhileOtherTakesKeepIt() {
        IntakeStripe stripe = new IntakeStripe();
        IntakeTop first = stripe.topAcquire();
        Work a = new Work("a", () -> { });
        Work b = new Work("b", () -> { });
        stripe.push(a);
        assertEquals(a, stripe.takeAll(false), "a take without renewal");
        assertEquals(first, stripe.topAcquire(), "kept its top");
        stripe.push(b);
        assertEquals(b, stripe.takeAll(true));
        IntakeTop second = stripe.topAcquire();
        assertTrue(second != first, "a renewing take installs a new top");
        assertEquals(IntakeTop.CLOSED, first.headVolatile(), "and closes the old one for good");
        a.nextIntake = null;
        stripe.push(a);
        assertEquals(a, second.headVolatile(), "pushes go to the new top");
        assertTrue(!stripe.isEmptyVolatile());
        assertEquals(a, stripe.takeAll(true));
        assertTrue(stripe.isEmptyVolatile());
    }

    @Test
    void withNoHeapForNewTopsOrBatchArraysTheOldOnesAreKeptAndEveryItemRuns() throws Exception {
        IntakeStripe.topAllocationFailsForTest = true;
        Worker.batchAllocationFailsForTest = true;
        try {
            IntakeStripe probe = new IntakeStripe();
            IntakeTop kept = probe.topAcquire();
            probe.push(new Work("p", () -> { }));
            assertEquals("p", probe.takeAll(true).name());
            assertEquals(kept, probe.topAcquire(), "no new top: the old one stays, open");
            probe.push(new Work("q", () -> { }));
            assertEquals("q", probe.takeAll(true).name());

            Workqueue q = queues.open(Workqueue.builder("no-fresh-tops").intakeStripes(STRIPES));
            queueFlushAndCheckEachRanOnce(q, "item-", 2_000);
            Worker.batchAllocationFailsForTest = false;
            queueFlushAndCheckEachRanOnce(q, "again-", 2_000);
        } finally {
            IntakeStripe.topAllocationFailsForTest = false;
            Worker.batchAllocationFailsForTest = false;
        }
    }

    /** Queues {@code n} items named {@code prefix} and a number, flushes, and checks that each ran once. */
    private static void queueFlushAndCheckEachRanOnce(Workqueue q, String prefix, int n) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            q.queue(new Work(prefix + i, () -> runs.incrementAndGet(id)));
        }
        q.flush();
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "runs of " + prefix + i + ": " + q.describe());
        }
    }

    @Test
    void aBatchEndsWithANewArrayOrWithNoHeapForOneWithTheOldOneCleared() {
        Worker worker = new Worker(new WorkerPool(null, 0, 1), false);
        Work[] first = worker.batch;
        first[0] = new Work("x", () -> { });
        first[1] = new Work("y", () -> { });
        worker.startBatch(2);
        worker.clearBatch();
        assertTrue(worker.batch != first, "a new array");
        Work[] second = worker.batch;
        second[0] = new Work("z", () -> { });
        worker.startBatch(1);
        Worker.batchAllocationFailsForTest = true;
        try {
            worker.clearBatch();
        } finally {
            Worker.batchAllocationFailsForTest = false;
        }
        assertEquals(second, worker.batch, "no heap: the old array is kept");
        assertEquals(null, second[0], "and keeps no item reachable");
    }

    @Test
    void aQueueThatRunsOneItemAtATimeHasOneStripe() {
        // Its items must start in the order they were queued, by whichever threads: a worker taking stripes in
        // turn would start an item of the first stripe before an earlier one of the last.
        assertEquals(1, queues.open(Workqueue.builder("one-max").maxActive(1).intakeStripes(STRIPES)).intakeStripes);
        assertEquals(1, queues.open(Workqueue.builder("one-ordered").ordered().intakeStripes(STRIPES)).intakeStripes);
        assertEquals(1, queues.open(Workqueue.builder("one-dedicated").dedicatedThread().intakeStripes(STRIPES)).intakeStripes);
        assertEquals(STRIPES, queues.open(Workqueue.builder("many").maxActive(2).intakeStripes(STRIPES)).intakeStripes);
    }
}
