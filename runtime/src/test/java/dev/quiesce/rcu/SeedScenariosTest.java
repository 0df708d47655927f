package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel discussions behind the design, replayed against the runtime (docs/workqueue.md). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeedScenariosTest {
    private static final ThreadFactory NO_THREADS = r -> {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource "
                + "limits reached");
    };

    /**
     * Seed 000: work items that wait for grace periods are queued on a memReclaim queue ahead of the work the
     * grace periods' callbacks need, and no worker thread can be created anywhere. The grace periods need no
     * workqueue (they run on the caller or the domain's thread); the callbacks run on the domain's own queue,
     * whose rescuer serves them; the waiting items are served by their queue's rescuer. Everything completes.
     */
    @Test
    void seed000ItemsWaitingForGracePeriodsAheadOfTheCallbacksWithNoThreadCreation() {
        TasksRcu d = TasksRcu.builder().name("seed000")
                .callbackExecutor(name -> new ReclaimQueueExecutor(name, NO_THREADS)).build();
        Workqueue q = Workqueue.builder("seed000-waiters").memReclaim().shards(2).threadFactory(NO_THREADS).build();
        try {
            AtomicInteger waited = new AtomicInteger();
            AtomicInteger callbacks = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                d.call(callbacks::incrementAndGet); // callbacks queued before the waiters
                q.queue(new Work("waits-for-gp-" + i, () -> {
                    d.synchronize();
                    d.call(callbacks::incrementAndGet);
                    waited.incrementAndGet();
                }));
            }
            q.flush();
            d.barrier();
            assertEquals(20, waited.get());
            assertEquals(40, callbacks.get());
            assertTrue(q.rescued() == 20, "every waiter ran on the rescuer: " + q.rescued());
            assertTrue(q.workerCreationFailures() > 0);
        } finally {
            q.close();
            d.close();
        }
    }

    /**
     * Seed 002: a retire() flood from many threads while page allocation fails part of the time and pages are
     * few. Every resource is closed exactly once, after a grace period that began after its retire(); the
     * pages in existence never exceed the limit, so neither do the pending retirements.
     */
    @Test
    void seed002RetireFloodWithFailingPageAllocationStaysBoundedAndClosesEverythingOnce() throws Exception {
        AtomicInteger allocations = new AtomicInteger();
        int maxPages = 2 * Runtime.getRuntime().availableProcessors() * 2; // the stripes, and as many spare
        TasksRcu d = TasksRcu.builder().name("seed002").retirePages(() -> {
            if (allocations.incrementAndGet() % 3 == 0) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
            return new AutoCloseable[RetirePages.PAGE];
        }, maxPages).build();
        int threads = 6;
        int perThread = 20_000;
        AtomicInteger[] closes = new AtomicInteger[threads * perThread];
        AtomicInteger early = new AtomicInteger();
        AtomicInteger maxPagesSeen = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong retiredNotClosedMax = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.LongAdder retiredSoFar = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder closedSoFar = new java.util.concurrent.atomic.LongAdder();
        try {
            java.util.List<Thread> ts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        AtomicInteger c = closes[base + i] = new AtomicInteger();
                        long cookie = i % 64 == 0 ? d.pollCookie() : -1; // a sample of them check their grace period
                        d.retire(() -> {
                            if (cookie >= 0 && !d.pollDone(cookie)) {
                                early.incrementAndGet();
                            }
                            c.incrementAndGet();
                            closedSoFar.increment();
                        });
                        retiredSoFar.increment();
                        if (i % 512 == 0) {
                            maxPagesSeen.accumulateAndGet(d.stats().retirePages(), Math::max);
                            retiredNotClosedMax.accumulateAndGet(retiredSoFar.sum() - closedSoFar.sum(), Math::max);
                        }
                    }
                }, "retirer-" + t);
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            d.barrier();
            for (int i = 0; i < closes.length; i++) {
                assertEquals(1, closes[i].get(), "resource " + i);
            }
            assertEquals(0, early.get(), "closed before a grace period that began after its retire()");
            TasksRcuStats st = d.stats();
            assertEquals(closes.length, st.retired());
            assertTrue(st.retireInline() > 0, "allocation failures must have sent callers inline: " + st);
            assertTrue(maxPagesSeen.get() <= maxPages, "pages " + maxPagesSeen.get() + " > limit " + maxPages);
            assertTrue(retiredNotClosedMax.get() <= (long) maxPages * RetirePages.PAGE + threads,
                    "pending retirements " + retiredNotClosedMax.get());
        } finally {
            d.close();
        }
    }
}
