package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link WokenVsClear} with release/acquire accesses instead of sequentially consistent
 * ones. The twin models the pool's fields with its own handles, set up as after a registration and a mark,
 * and writes out {@link WorkerPool#pushIntake(Work)}, {@link WorkerPool#clearWoken()} and
 * {@link WorkerPool#intakeEmptyVolatile()} line by line, with the push's CAS and the clear as release stores
 * and every read an acquire load. Each side's store can then wait in its store buffer while its load runs
 * (x86's store-load reordering): the submitter reads the mark and the worker misses the push. The gate
 * requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): pushIntake vs clearWoken + intakeEmptyVolatile with release "
        + "stores and acquire loads instead of sequentially consistent ones.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock to notify; the worker saw an empty intake.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock; the worker saw the push too.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter relies on the woken worker, which saw the push.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the submitter skipped the lock on the mark, the woken worker saw an empty intake.")
@State
public class WokenVsClearBroken {
    final Work w = StressSupport.item();
    /** WorkerPool.intake, waiters, woken and idlePublished: one worker registered and marked woken. */
    @SuppressWarnings("unused") // accessed through INTAKE
    private Work intake;
    @SuppressWarnings("unused") // accessed through WAITERS
    private int waiters = 1;
    @SuppressWarnings("unused") // accessed through WOKEN
    private int woken = 1;
    @SuppressWarnings("unused") // accessed through IDLE
    private int idlePublished;

    @Actor
    public void submitter(ZZ_Result r) {
        // WorkerPool.pushIntake(w), its CAS a release store and its reads acquire loads
        Work head = (Work) INTAKE.getAcquire(this);
        w.nextIntake = head;
        INTAKE.setRelease(this, w);
        r.r1 = (int) WAITERS.getAcquire(this) == 0 ? (int) IDLE.getAcquire(this) == 0
                : (int) WOKEN.getAcquire(this) == 0;
    }

    @Actor
    public void worker(ZZ_Result r) {
        WOKEN.setRelease(this, 0); // WorkerPool.clearWoken(), a release store
        r.r2 = INTAKE.getAcquire(this) == null; // WorkerPool.intakeEmptyVolatile(), an acquire load
    }

    static final VarHandle INTAKE;
    static final VarHandle WAITERS;
    static final VarHandle WOKEN;
    static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INTAKE = l.findVarHandle(WokenVsClearBroken.class, "intake", Work.class);
            WAITERS = l.findVarHandle(WokenVsClearBroken.class, "waiters", int.class);
            WOKEN = l.findVarHandle(WokenVsClearBroken.class, "woken", int.class);
            IDLE = l.findVarHandle(WokenVsClearBroken.class, "idlePublished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
