package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stack of a {@link PoolIntake}: the submitters whose stripe key selects it push here. Each stripe sits on
 * cache lines of its own (padded on both sides), so that two submitters on different stripes never take a line
 * from each other: the JVM's stand-in for the kernel's per-CPU pools, where only the CPU's own thread queues.
 *
 * <p>The stack's head lives in an {@link IntakeTop}, which a worker taking a batch replaces by a new one
 * ({@link #takeAll(boolean)} with {@code renew}): a push stores a young item's reference into the top, and G1's
 * write barrier fences that store when the object written is old, as a stripe made with its queue soon is; a
 * top replaced with every batch stays young. The old top is closed as it is taken: a pusher that still finds it
 * reads the stripe's top again. docs/memory-ordering.md, "The intake".
 *
 * <p>Field legend: {@code top}: written by the pool's lock holder (a release store), read by pushers.
 */
final class IntakeStripe extends IntakeStripeFields {
    @SuppressWarnings("unused") // padding: see the class comment
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /** Tests only: when set, making a new top fails as if the heap were exhausted. */
    static volatile boolean topAllocationFailsForTest;

    IntakeStripe() {
        super(new IntakeTop());
    }

    /** Pushes {@code w} (a CAS, which publishes the caller's writes to the lock holder that takes it). */
    void push(Work w) {
        for (;;) {
            IntakeTop t = topAcquire();
            Work h = t.headVolatile();
            if (h == IntakeTop.CLOSED) {
                continue; // taken and replaced meanwhile: the new top was stored before this one was closed
            }
            w.nextIntake = h;
            if (t.casHead(h, w)) {
                return;
            }
        }
    }

    /** True if nothing waits here (volatile reads). */
    boolean isEmptyVolatile() {
        for (;;) {
            Work h = topAcquire().headVolatile();
            if (h != IntakeTop.CLOSED) {
                return h == null;
            }
        }
    }

    /**
     * The lock holder's: takes the whole stack, newest first (a {@code getAndSet}, acquiring the pushes). With
     * {@code renew}, and if the heap has room for it, a new top replaces the current one, which is then closed
     * as it is taken; without, the top is kept (the rescuer's path allocates nothing).
     */
    Work takeAll(boolean renew) {
        IntakeTop t = top; // only lock holders write it
        if (renew) {
            IntakeTop fresh;
            try {
                if (Workqueue.TEST_HOOKS && topAllocationFailsForTest) {
                    throw new OutOfMemoryError("injected: no heap for an intake top");
                }
                fresh = new IntakeTop();
            } catch (OutOfMemoryError e) {
                fresh = null; // keep the old top: the pushes then cost the barrier's fence
            }
            if (fresh != null) {
                // The new top first, then the close: a pusher that finds the old top closed finds the new one.
                TOP.setRelease(this, fresh);
                return t.close();
            }
        }
        return t.takeAll();
    }

    /** The current top (an acquire load: a new top's initialization is seen with it). */
    IntakeTop topAcquire() {
        return (IntakeTop) TOP.getAcquire(this);
    }

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(IntakeStripeFields.class, "top", IntakeTop.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** {@link IntakeStripe}'s field, between its paddings. */
abstract class IntakeStripeFields extends LeadingPad {
    /** The stack's current head holder (read through {@link IntakeStripe#topAcquire}). */
    IntakeTop top;

    IntakeStripeFields(IntakeTop top) {
        this.top = top;
    }
}
