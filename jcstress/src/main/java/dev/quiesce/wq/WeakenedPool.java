package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The *Broken twins' model of a {@link WorkerPool}'s lock-free wake-up ({@link PoolIntake}): its intake's fields {@code head},
 * {@code waiters}, {@code woken} and {@code idle}, and its methods written out line by line with every
 * sequentially consistent access weakened: CAS, atomic add and volatile store become release stores, volatile
 * loads become acquire loads. One model, so that both twins stay in step with the real code.
 */
final class WeakenedPool {
    @SuppressWarnings("unused") // accessed through INTAKE
    private Work intake;
    @SuppressWarnings("unused") // accessed through WAITERS
    private int waiters;
    @SuppressWarnings("unused") // accessed through WOKEN
    private int woken;
    @SuppressWarnings("unused") // accessed through IDLE
    private int idlePublished;

    WeakenedPool(int waiters, int woken, int idlePublished) {
        this.waiters = waiters;
        this.woken = woken;
        this.idlePublished = idlePublished;
    }

    /**
     * {@link PoolIntake#push(Work, int)}, each CAS a read and a release store (two pushers can both claim the mark,
     * and both write the head), each read an acquire load.
     */
    boolean pushIntake(Work w) {
        Work head = (Work) INTAKE.getAcquire(this);
        w.nextIntake = head;
        INTAKE.setRelease(this, w);
        if ((int) WAITERS.getAcquire(this) == 0) {
            return (int) IDLE.getAcquire(this) == 0;
        }
        if ((int) WOKEN.getAcquire(this) != 0) {
            return false;
        }
        WOKEN.setRelease(this, 1);
        return true;
    }

    /** {@link PoolIntake#registerWaiter()}, its atomic adds release stores and its reread an acquire load. */
    boolean registerWaiter() {
        WAITERS.setRelease(this, (int) WAITERS.getAcquire(this) + 1);
        if (!intakeEmpty()) {
            WAITERS.setRelease(this, (int) WAITERS.getAcquire(this) - 1);
            return false;
        }
        return true;
    }

    /** {@link PoolIntake#clearWoken()}, a release store. */
    void clearWoken() {
        WOKEN.setRelease(this, 0);
    }

    /** {@link PoolIntake#isEmptyVolatile()}, an acquire load. */
    boolean intakeEmpty() {
        return INTAKE.getAcquire(this) == null;
    }

    private static final VarHandle INTAKE;
    private static final VarHandle WAITERS;
    private static final VarHandle WOKEN;
    private static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INTAKE = l.findVarHandle(WeakenedPool.class, "intake", Work.class);
            WAITERS = l.findVarHandle(WeakenedPool.class, "waiters", int.class);
            WOKEN = l.findVarHandle(WeakenedPool.class, "woken", int.class);
            IDLE = l.findVarHandle(WeakenedPool.class, "idlePublished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
