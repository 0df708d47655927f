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
@Timeout(60)
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
}
