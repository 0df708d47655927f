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
 * The pending bit vs the run (store buffering with fences on both sides). The item is pending. The queuer
 * writes its data, then does what {@link Workqueue#queueOn} does with a pending item: the real
 * {@link Work#trySetPending()} (a CAS) and, when it fails, the real {@link Work#lostPendingRace()} (a full
 * fence). The worker starts the item as WorkerPool.startLocked does, with the real {@link Work#clearPending()}
 * (release store, full fence), and the run then loads the data.
 *
 * <p>The claim (docs/memory-ordering.md, "The pending bit"): a queuer told "already pending" read the bit
 * before the clear, so the clear's fence comes after the queuer's fence and the run sees the queuer's write.
 * A queuer whose CAS wins after the clear queues a new run, which sees its write through the intake.
 */
@JCStressTest
@Description("Work.trySetPending + lostPendingRace vs Work.clearPending: a queuer told the item is already "
        + "pending has its writes seen by the coming run.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The CAS won after the clear (a new run is queued); this run saw the data too.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The CAS won after the clear: a new run is queued and will see the data.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Already pending: the coming run saw the queuer's data.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "The queuer was told \"already pending\", yet the run missed its data: the write is lost.")
@State
public class PendingVsRun {
    final Work w = StressSupport.item();
    /** The queuer's data: plain, ordered only by the pending bit's fences. */
    int data;

    public PendingVsRun() {
        w.trySetPending(); // queued, not yet started
    }

    @Actor
    public void queuer(ZZ_Result r) {
        data = 1;
        boolean won = w.trySetPending();
        if (!won) {
            Work.lostPendingRace(); // Workqueue.queueOn
        }
        r.r1 = won;
    }

    @Actor
    public void worker(ZZ_Result r) {
        w.clearPending(); // WorkerPool.startLocked
        r.r2 = data == 1; // the run
    }
}
