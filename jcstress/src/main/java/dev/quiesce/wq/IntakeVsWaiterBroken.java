package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link IntakeVsWaiter} with release/acquire accesses instead of sequentially consistent
 * ones. The twin runs {@link WeakenedPool}, which writes out
 * {@link PoolIntake#push(Work, int)} and {@link WorkerPool#registerWaiterLocked()} line by line, with the
 * push's CAS and the registration's atomic add as release stores and every read an acquire load. Each side's
 * store can then wait in its store buffer while its load runs (x86's store-load reordering): the worker
 * misses the push and the submitter misses the registration. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): PoolIntake.push vs registerWaiterLocked with release stores and "
        + "acquire loads instead of sequentially consistent atomics.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the registration and takes the lock to wake it; the worker sleeps until then.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Each saw the other: the worker looks for work again; the submitter's lock is spare.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter saw no waiter (an idle worker exists); the worker saw the push and takes it.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the worker waits on an intake it saw empty, the submitter skipped the lock.")
@State
public class IntakeVsWaiterBroken {
    final Work w = StressSupport.item();
    /** One idle worker published. */
    final WeakenedPool pool = new WeakenedPool(0, 0, 1);

    @Actor
    public void submitter(ZZ_Result r) {
        r.r1 = pool.pushIntake(w);
    }

    @Actor
    public void worker(ZZ_Result r) {
        synchronized (this) {
            r.r2 = pool.registerWaiter();
        }
    }
}
