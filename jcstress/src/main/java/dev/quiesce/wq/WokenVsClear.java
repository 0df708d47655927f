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
 * The woken mark vs its clear (store buffering, sequentially consistent accesses on both sides). A worker
 * registered with the real {@link WorkerPool#registerWaiterLocked()} and was woken after the real
 * {@link WorkerPool#markWokenLocked()}. The submitter runs the real {@link PoolIntake#push(Work, int)}, onto its intake's second stripe (CAS
 * push, then reads of {@code waiters} and {@code woken}); the woken worker returns from its sleep as
 * WorkerPool.workerLoop does, with the real {@link PoolIntake#clearWoken()} (a volatile store), then looks at
 * the intake with the real {@link PoolIntake#isEmptyVolatile()}.
 *
 * <p>The claim (PoolIntake's {@code woken}): a submitter that reads the mark skips the lock because the clear comes
 * later, and the clearer's read of the intake then sees the push. A submitter that skips while the woken
 * worker finds the intake empty leaves the item with nobody to take it.
 */
@JCStressTest
@Description("PoolIntake.push vs PoolIntake.clearWoken + isEmptyVolatile: a submitter that relies "
        + "on the woken worker has its push seen by that worker.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock to wake a worker; the worker saw an empty intake.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The submitter saw the clear and takes the lock; the worker saw the push too.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter relies on the woken worker, which saw the push.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the submitter skipped the lock on the mark, the woken worker saw an empty intake.")
@State
public class WokenVsClear {
    final WorkerPool pool = StressSupport.pool();
    final Work w = StressSupport.item();

    public WokenVsClear() {
        synchronized (pool) {
            pool.registerWaiterLocked(); // the intake is empty: it may sleep, and sleeps
            pool.markWokenLocked(); // WorkerPool.kickLocked, before its wake-up
        }
    }

    @Actor
    public void submitter(ZZ_Result r) {
        r.r1 = pool.intake.push(w, StressSupport.LAST_STRIPE); // false: skip the lock, the woken worker finds the item
    }

    @Actor
    public void worker(ZZ_Result r) {
        pool.intake.clearWoken(); // WorkerPool.workerLoop, after the sleep
        r.r2 = pool.intake.isEmptyVolatile();
    }
}
