package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stack of a {@link PoolIntake}: the submitters whose stripe key selects it push here. Each stripe sits on
 * cache lines of its own (padded on both sides), so that two submitters on different stripes never take a line
 * from each other: the JVM's stand-in for the kernel's per-CPU pools, where only the CPU's own thread queues.
 *
 * <p>Field legend: {@code head}: CAS pushes by any thread, {@code getAndSet} by the pool's lock holder.
 */
final class IntakeStripe extends IntakeStripeFields {
    @SuppressWarnings("unused") // padding: see the class comment
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /** Pushes {@code w} (a CAS, which publishes the caller's writes to the lock holder that takes it). */
    void push(Work w) {
        Work h;
        do {
            h = (Work) HEAD.getVolatile(this);
            w.nextIntake = h;
        } while (!HEAD.compareAndSet(this, h, w));
    }

    /** True if nothing waits here (a volatile read). */
    boolean isEmptyVolatile() {
        return HEAD.getVolatile(this) == null;
    }

    /** The lock holder's: takes the whole stack, newest first (a {@code getAndSet}, acquiring the pushes). */
    Work takeAll() {
        return (Work) HEAD.getAndSet(this, null);
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(IntakeStripeFields.class, "head", Work.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** {@link IntakeStripe}'s field, between its paddings. */
abstract class IntakeStripeFields extends LeadingPad {
    /** The stack, linked through {@link Work#nextIntake}; newest first. */
    @SuppressWarnings("unused") // through IntakeStripe.HEAD
    volatile Work head;
}
