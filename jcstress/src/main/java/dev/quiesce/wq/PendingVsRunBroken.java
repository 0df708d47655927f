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
 * BROKEN ON PURPOSE: {@link PendingVsRun} with the full fence of Work.clearPending() removed. The clear's
 * release store can then wait in the store buffer while the run loads the data (x86's store-load
 * reordering): the queuer still reads the bit set while the run misses its write. The queuer keeps the real
 * {@link Work#trySetPending()} and {@link Work#lostPendingRace()}. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): Work.clearPending() without its trailing full fence.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The CAS won after the clear (a new run is queued); this run saw the data too.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The CAS won after the clear: a new run is queued and will see the data.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Already pending: the coming run saw the queuer's data.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "The queuer was told \"already pending\", yet the run missed its data: the write is lost.")
@State
public class PendingVsRunBroken {
    final Work w = StressSupport.item();
    int data;

    public PendingVsRunBroken() {
        w.trySetPending();
    }

    @Actor
    public void queuer(ZZ_Result r) {
        data = 1;
        boolean won = w.trySetPending();
        if (!won) {
            Work.lostPendingRace();
        }
        r.r1 = won;
    }

    @Actor
    public void worker(ZZ_Result r) {
        // Work.clearPending() minus its VarHandle.fullFence()
        StressSupport.WORK_PENDING.setRelease(w, 0);
        r.r2 = data == 1;
    }
}
