package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The head of an {@link IntakeStripe}'s stack, in an object of its own that the stripe replaces with every batch
 * a worker takes, so that it stays young (see {@link IntakeStripe}); padded on both sides, as the tops of a
 * pool's stripes and the worker's batch array are allocated next to each other.
 *
 * <p>Field legend: {@code head}: CAS pushes by any thread; {@code getAndSet} by the pool's lock holder, to null
 * (taken, still current) or to {@link #CLOSED} (taken and replaced: never pushed to again).
 */
final class IntakeTop extends IntakeTopFields {
    @SuppressWarnings("unused") // padding: see the class comment
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /** The head of a top that was taken and replaced. */
    static final Work CLOSED = new Work("closed intake top", () -> { });

    Work headVolatile() {
        return (Work) HEAD.getVolatile(this);
    }

    boolean casHead(Work expect, Work w) {
        return HEAD.compareAndSet(this, expect, w);
    }

    /** Takes the stack, newest first; the top stays open. */
    Work takeAll() {
        return (Work) HEAD.getAndSet(this, null);
    }

    /** Takes the stack, newest first, and closes the top for good. */
    Work close() {
        return (Work) HEAD.getAndSet(this, CLOSED);
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(IntakeTopFields.class, "head", Work.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** {@link IntakeTop}'s field, between its paddings. */
abstract class IntakeTopFields extends LeadingPad {
    /** The stack, linked through {@link Work#nextIntake}; newest first. */
    @SuppressWarnings("unused") // through IntakeTop.HEAD
    volatile Work head;
}
