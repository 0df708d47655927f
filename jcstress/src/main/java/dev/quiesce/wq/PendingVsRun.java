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
 * The pending bit vs the run. The item is pending. The queuer writes its data, then does what
 * {@link Workqueue#queueOn} does: the real {@link Work#trySetPending()}, which, finding the item pending, writes
 * the state word anyway (a CAS of the same value). The worker claims the queueing as WorkerPool.runBatch does,
 * with the real {@link Work#claim}, and the run then loads the data.
 *
 * <p>The claim (docs/memory-ordering.md, "The state word"): a queuer told "already pending" wrote the word
 * before the claim's CAS read it, so its data happens before the run. A queuer whose CAS wins after the claim
 * queues a new run, which sees its write through the intake.
 */
@JCStressTest
@Description("Work.trySetPending vs Work.claim: a queuer told the item is already pending has its writes seen by "
        + "the coming run.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The queuer won after the claim (a new run is queued); this run saw the data too.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queuer won after the claim: a new run is queued and will see the data.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Already pending: the coming run saw the queuer's data.")
@Outcome(id = "false, false", expect = FORBIDDEN,
        desc = "The queuer was told \"already pending\", yet the run missed its data: the write is lost.")
@State
public class PendingVsRun {
    final Work w = StressSupport.item();
    /** The state the worker's batch entry recorded: the first queueing, pending. */
    final long entry;
    /** The queuer's data: plain, ordered only by the state word. */
    int data;

    public PendingVsRun() {
        entry = w.trySetPending(); // queued, not yet started
    }

    @Actor
    public void queuer(ZZ_Result r) {
        data = 1;
        r.r1 = w.trySetPending() >= 0;
    }

    @Actor
    public void worker(ZZ_Result r) {
        if (w.claim(entry) != Work.CLAIMED) {
            throw new AssertionError("the only claimer of a pending queueing must claim it");
        }
        r.r2 = data == 1; // the run
    }
}
