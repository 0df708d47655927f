package dev.quiesce.wq;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * One thread with its own queue (the kernel's {@code kthread_worker}): items run one at a time, in queue order,
 * on a thread started when the worker is built. Nothing is created later, so queueing works, and the items run,
 * however short of threads the JVM is; a release path that holds some pool's lock can hand work here without
 * waiting for that pool (seed 004).
 */
public final class DedicatedWorker implements AutoCloseable {
    private final Workqueue queue;

    private DedicatedWorker(Workqueue queue) {
        this.queue = queue;
    }

    /**
     * Starts a worker whose thread is a daemon named {@code quiesce-wq-<name>-1}.
     *
     * @throws IllegalStateException if the thread cannot be started (nothing is left running)
     */
    public static DedicatedWorker start(String name) {
        return new DedicatedWorker(Workqueue.builder(name).dedicatedThread().build());
    }

    /** Starts a worker whose thread comes from {@code factory}. */
    public static DedicatedWorker start(String name, ThreadFactory factory) {
        Objects.requireNonNull(factory, "factory");
        return new DedicatedWorker(Workqueue.builder(name).dedicatedThread().threadFactory(factory).build());
    }

    /** Queues {@code w}; false if it is already pending. */
    public boolean queue(Work w) {
        return queue.queue(w);
    }

    /** Queues {@code w} after {@code delay}; false if it is already pending. */
    public boolean queueDelayed(DelayedWork w, java.time.Duration delay) {
        return queue.queueDelayed(w, delay);
    }

    /** Waits for {@code w}'s last queueing to run ({@link Work#flush()}). */
    public boolean flush(Work w) {
        return w.flush();
    }

    /** Waits for every item queued before this call. */
    public void flush() {
        queue.flush();
    }

    /** Runs every accepted item, then stops the thread. */
    @Override
    public void close() {
        queue.close();
    }

    public String name() {
        return queue.name();
    }

    public String describe() {
        return queue.describe();
    }
}
