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

    /** An item whose body is never run here: the tests exercise its state word and its intake link. */
    static Work item() {
        return new Work("jcstress", () -> { });
    }

    /**
     * A pool of no queue, whose intake has {@link #STRIPES} stripes: its constructor only stores its fields, and
     * the lock-free submit half ({@link PoolIntake#push}), the waiter registration and the woken mark never touch
     * the queue. Tests push to the last stripe ({@link #LAST_STRIPE}), so that a reader that looked only at the
     * first one would miss the push, or to different stripes for different submitters.
     */
    static WorkerPool pool() {
        return new WorkerPool(null, 0, STRIPES);
    }

    static final int STRIPES = 2;
    static final int LAST_STRIPE = STRIPES - 1;

    /**
     * Publishes {@code n} idle workers, as WorkerPool.setIdle does (through {@link PoolIntake#publishIdle}),
     * without the worker count behind it.
     */
    static void publishIdle(WorkerPool p, int n) {
        p.intake.publishIdle(n);
    }

    /**
     * Puts {@code w} in the state of a first queueing that runs while a second one waits in a worker's batch;
     * returns that batch entry (the second queueing's state, as WorkerPool recorded it).
     */
    static long runningWithOneMorePending(Work w) {
        long first = w.trySetPending();
        if (w.claim(first) != Work.CLAIMED) {
            throw new AssertionError("set-up: the first queueing must start");
        }
        return w.trySetPending() & ~Work.RUNNING;
    }

    // ---- private fields set up by the tests, or written by the *Broken twins without the runtime's fences ----

    /** Work.state. */
    static final VarHandle WORK_STATE;
    /** Worker.sleepState. */
    static final VarHandle WORKER_SLEEP_STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORK_STATE = MethodHandles.privateLookupIn(Work.class, l)
                    .findVarHandle(Work.class, "state", long.class);
            WORKER_SLEEP_STATE = MethodHandles.privateLookupIn(Worker.class, l)
                    .findVarHandle(Worker.class, "sleepState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
