package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the workqueue's jcstress tests share: pools and items built without a {@link Workqueue}, and handles on
 * the private fields that a test must set up, or that a *Broken twin writes without the runtime's ordering.
 *
 * <p>The tests live in {@code dev.quiesce.wq} because the pieces they exercise are package-private. The
 * private handles rely on the runtime and these tests sharing the unnamed module (the classpath), which the
 * uber jar guarantees.
 */
final class StressSupport {
    private StressSupport() {}

    /** An item whose body is never run here: the tests exercise its pending bit and its intake link. */
    static Work item() {
        return new Work("jcstress", () -> { });
    }

    /**
     * A pool of no queue: its constructor only stores its fields, and the lock-free submit half
     * ({@link PoolIntake#push}), the waiter registration and the woken mark never touch the queue.
     */
    static WorkerPool pool() {
        return new WorkerPool(null, 0);
    }

    /**
     * Publishes {@code n} idle workers, as WorkerPool.setIdle does (through {@link PoolIntake#publishIdle}),
     * without the worker count behind it.
     */
    static void publishIdle(WorkerPool p, int n) {
        p.intake.publishIdle(n);
    }

    // ---- private fields set up by the tests, or written by the *Broken twins without the runtime's fences ----

    /** Work.pending. */
    static final VarHandle WORK_PENDING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORK_PENDING = MethodHandles.privateLookupIn(Work.class, l)
                    .findVarHandle(Work.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
