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
 * BROKEN ON PURPOSE: {@link PendingVsRun} with a queuer that, finding the item pending, only reads the state
 * word (a volatile load) instead of writing it. Its data store can then wait in the store buffer while it reads
 * the word still pending (x86's store-load reordering), and the claimed run misses it. The worker keeps the
 * real {@link Work#claim}. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): Work.trySetPending whose loser reads the word without writing it.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The queuer won after the claim (a new run is queued); this run saw the data too.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queuer won after the claim: a new run is queued and will see the data.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Already pending: the coming run saw the queuer's data.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "The queuer was told \"already pending\", yet the run missed its data: the write is lost.")
@State
public class PendingVsRunBroken {
    final Work w = StressSupport.item();
    final long entry;
    int data;

    public PendingVsRunBroken() {
        entry = w.trySetPending();
    }

    @Actor
    public void queuer(ZZ_Result r) {
        data = 1;
        // Work.trySetPending() minus the loser's write of the word
        long s = (long) StressSupport.WORK_STATE.getVolatile(w);
        r.r1 = (s & Work.PENDING) == 0 && w.casState(s, (s + 8) | Work.PENDING);
    }

    @Actor
    public void worker(ZZ_Result r) {
        if (w.claim(entry) != Work.CLAIMED) {
            throw new AssertionError("the only claimer of a pending queueing must claim it");
        }
        r.r2 = data == 1;
    }
}
