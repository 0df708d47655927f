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
 * BROKEN ON PURPOSE: {@link IntakeVsWaiter} with release/acquire accesses instead of sequentially consistent
 * ones. The twin models the pool's four fields with its own handles and writes out
 * {@link WorkerPool#pushIntake(Work)} and {@link WorkerPool#registerWaiterLocked()} line by line, with the
 * push's CAS and the registration's atomic add as release stores and every read an acquire load. Each side's
 * store can then wait in its store buffer while its load runs (x86's store-load reordering): the worker
 * misses the push and the submitter misses the registration. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): pushIntake vs registerWaiterLocked with release stores and "
        + "acquire loads instead of sequentially consistent atomics.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the registration and takes the lock to notify; the worker waits for it.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Each saw the other: the worker looks for work again; the submitter's lock is spare.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter saw no waiter (an idle worker exists); the worker saw the push and takes it.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the worker waits on an intake it saw empty, the submitter skipped the lock.")
@State
public class IntakeVsWaiterBroken {
    final Work w = StressSupport.item();
    /** WorkerPool.intake, waiters, woken and idlePublished, with one idle worker published. */
    @SuppressWarnings("unused") // accessed through INTAKE
    private Work intake;
    @SuppressWarnings("unused") // accessed through WAITERS
    private int waiters;
    @SuppressWarnings("unused") // accessed through WOKEN
    private int woken;
    @SuppressWarnings("unused") // accessed through IDLE
    private int idlePublished = 1;

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
        synchronized (this) {
            // WorkerPool.registerWaiterLocked(), its atomic adds release stores and its reread an acquire load
            WAITERS.setRelease(this, (int) WAITERS.getAcquire(this) + 1);
            if (INTAKE.getAcquire(this) != null) {
                WAITERS.setRelease(this, (int) WAITERS.getAcquire(this) - 1);
                r.r2 = false;
            } else {
                r.r2 = true;
            }
        }
    }

    static final VarHandle INTAKE;
    static final VarHandle WAITERS;
    static final VarHandle WOKEN;
    static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INTAKE = l.findVarHandle(IntakeVsWaiterBroken.class, "intake", Work.class);
            WAITERS = l.findVarHandle(IntakeVsWaiterBroken.class, "waiters", int.class);
            WOKEN = l.findVarHandle(IntakeVsWaiterBroken.class, "woken", int.class);
            IDLE = l.findVarHandle(IntakeVsWaiterBroken.class, "idlePublished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
