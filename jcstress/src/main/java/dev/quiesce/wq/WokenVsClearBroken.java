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
 * BROKEN ON PURPOSE: {@link WokenVsClear} with release/acquire accesses instead of sequentially consistent
 * ones. The twin runs {@link WeakenedPool}, set up as after a registration and a mark, which writes out {@link PoolIntake#push(Work, int)}, {@link PoolIntake#clearWoken()} and
 * {@link PoolIntake#isEmptyVolatile()} line by line, with the push's CAS and the clear as release stores
 * and every read an acquire load. Each side's store can then wait in its store buffer while its load runs
 * (x86's store-load reordering): the submitter reads the mark and the worker misses the push. The gate
 * requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): PoolIntake.push vs clearWoken + isEmptyVolatile with release "
        + "stores and acquire loads instead of sequentially consistent ones.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock to wake a worker; the worker saw an empty intake.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock; the worker saw the push too.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter relies on the woken worker, which saw the push.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the submitter skipped the lock on the mark, the woken worker saw an empty intake.")
@State
public class WokenVsClearBroken {
    final Work w = StressSupport.item();
    /** One worker registered and marked woken. */
    final WeakenedPool pool = new WeakenedPool(1, 1, 0);

    @Actor
    public void submitter(ZZ_Result r) {
        r.r1 = pool.pushIntake(w);
    }

    @Actor
    public void worker(ZZ_Result r) {
        pool.clearWoken();
        r.r2 = pool.intakeEmpty();
    }
}
