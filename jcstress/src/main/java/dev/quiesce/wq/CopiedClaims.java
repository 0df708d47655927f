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
 * Two claimers of one batch entry: the worker whose batch holds it, and an idle worker (or the rescuer) that
 * copied it while the first was blocked. Both call the real {@link Work#claim} with the entry's state; exactly
 * one may start the item (docs/memory-ordering.md, "The state word"). r1, r2: each claim's answer (0 claimed,
 * 1 stale).
 */
@JCStressTest
@Description("Work.claim vs Work.claim of one entry: exactly one claimer runs the item.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "One claimer runs the item; the other's entry is stale.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both claimers run the item: one queueing, two runs.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Neither runs the item: the queueing is lost.")
@State
public class CopiedClaims {
    final Work w = StressSupport.item();
    final long entry;

    public CopiedClaims() {
        entry = w.trySetPending();
    }

    @Actor
    public void owner(II_Result r) {
        r.r1 = w.claim(entry);
    }

    @Actor
    public void copier(II_Result r) {
        r.r2 = w.claim(entry);
    }
}
