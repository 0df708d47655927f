package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * BROKEN ON PURPOSE: {@link CopiedClaims} with the copier's claim as a check and then a store (a volatile read
 * of the word, then a volatile write of RUNNING): both claimers can see the entry pending, and both run the
 * item. The owner keeps the real {@link Work#claim}. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): a claim as check-then-store instead of a CAS.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "One claimer runs the item; the other's entry is stale.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both claimers run the item: one queueing, two runs.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Neither runs the item: the queueing is lost.")
@State
public class CopiedClaimsBroken {
    final Work w = StressSupport.item();
    final long entry;

    public CopiedClaimsBroken() {
        entry = w.trySetPending();
    }

    @Actor
    public void owner(II_Result r) {
        r.r1 = w.claim(entry);
    }

    @Actor
    public void copier(II_Result r) {
        long s = (long) StressSupport.WORK_STATE.getVolatile(w);
        if (s != entry) {
            r.r2 = Work.STALE;
            return;
        }
        StressSupport.WORK_STATE.setVolatile(w, (s & ~Work.PENDING) | Work.RUNNING);
        r.r2 = Work.CLAIMED;
    }
}
