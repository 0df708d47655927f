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
 * BROKEN ON PURPOSE: {@link PushersClaimTheWake} with the mark claimed by a read and a release store instead of
 * a CAS ({@link WeakenedPool#pushIntake(Work)}): both submitters can read no mark and both claim it. The gate
 * requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): two submitters claim the wake-up with a read and a store instead "
        + "of a CAS.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "One submitter claimed the mark and takes the lock; the other skips it.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Both claimed the mark: the CAS let two winners through.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "Lost wake-up: both skipped the lock while the only worker sleeps.")
@State
public class PushersClaimTheWakeBroken {
    final Work a = StressSupport.item();
    final Work b = StressSupport.item();
    /** One worker registered, no mark. */
    final WeakenedPool pool = new WeakenedPool(1, 0, 0);

    @Actor
    public void submitterA(ZZ_Result r) {
        r.r1 = pool.pushIntake(a);
    }

    @Actor
    public void submitterB(ZZ_Result r) {
        r.r2 = pool.pushIntake(b);
    }
}
