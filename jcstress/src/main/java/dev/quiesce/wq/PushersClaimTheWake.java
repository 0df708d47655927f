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
 * Two submitters push onto a pool whose one worker is registered and asleep, with no woken mark. Each runs the
 * real {@link PoolIntake#push(Work, int)}, each onto a stripe of its own: after its push it reads the mark and, finding none, claims it with a CAS;
 * the winner takes the lock to wake the worker, the loser skips the lock, counting on the winner.
 *
 * <p>The claim (docs/memory-ordering.md, "A worker already woken"): exactly one of them takes the lock. Both
 * skipping leaves both items with a sleeping worker; both taking the lock is harmless but is what the claim
 * exists to avoid.
 */
@JCStressTest
@Description("PoolIntake.push by two submitters onto a sleeping pool: exactly one claims the wake-up.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "One submitter claimed the mark and takes the lock; the other skips it.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Both claimed the mark: the CAS let two winners through.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "Lost wake-up: both skipped the lock while the only worker sleeps.")
@State
public class PushersClaimTheWake {
    final WorkerPool pool = StressSupport.pool();
    final Work a = StressSupport.item();
    final Work b = StressSupport.item();

    public PushersClaimTheWake() {
        synchronized (pool) {
            pool.registerWaiterLocked(); // the intake is empty: it may wait, and waits
        }
    }

    @Actor
    public void submitterA(ZZ_Result r) {
        r.r1 = pool.intake.push(a, 0);
    }

    @Actor
    public void submitterB(ZZ_Result r) {
        r.r2 = pool.intake.push(b, 1);
    }
}
