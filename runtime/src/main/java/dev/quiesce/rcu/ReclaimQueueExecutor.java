package dev.quiesce.rcu;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;

/**
 * The default {@link CallbackExecutor}: the domain's own ordered {@code memReclaim} workqueue (DESIGN §2).
 * Ordered, so batches run one at a time in grace-period order; memReclaim, so they run even when no thread can
 * be created (its rescuer is started here); the domain's own, so no work that waits for grace periods is ever
 * queued ahead of them (seed 000). Each batch ends with a quiescent-state report from the worker.
 */
final class ReclaimQueueExecutor implements CallbackExecutor {
    private final Workqueue queue;

    ReclaimQueueExecutor(String name) {
        queue = Workqueue.builder(name).ordered().memReclaim().build();
    }

    /** With the workers' thread factory given, for tests that make worker creation fail. */
    ReclaimQueueExecutor(String name, java.util.concurrent.ThreadFactory workers) {
        queue = Workqueue.builder(name).ordered().memReclaim().threadFactory(workers).build();
    }

    @Override
    public void execute(Runnable batch) {
        // A fresh item is never pending, so queue() accepts it or throws because the queue is closed.
        queue.queue(new Work("rcu-callbacks", () -> {
            batch.run(); // batches contain their own failure handling
            Quiescence.report();
        }));
    }

    @Override
    public void close() {
        queue.close();
    }

    Workqueue queue() {
        return queue;
    }
}
