package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link CloseVsQueueing} with QueueingCounter.enter()'s atomic add weakened to an opaque
 * read and a release store (on the first stripe: the closer reads every stripe, so which one does not
 * matter). The count's store can then wait in the store buffer while the state check loads the state (x86's
 * store-load reordering): the queuer sees the queue open and the closer, after its CLOSED, counts nobody.
 * The closer keeps the real {@link QueueingCounter#anyInFlightVolatile()}. The gate requires a FORBIDDEN
 * result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): QueueingCounter.enter() as a release store instead of an atomic "
        + "add.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "The queuer passed the state check, yet close counted no queueing in flight: its item is lost.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queuer saw the queue open; close counted it and waits for its push.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "The queuer saw CLOSED and refuses the item; close had not counted it yet.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The queuer saw CLOSED and refuses the item; close counted it and waits for it to leave.")
@State
public class CloseVsQueueingBroken {
    final QueueingCounter queueings = new QueueingCounter();
    final int[] stripes = StressSupport.stripes(queueings);
    final AtomicInteger state = new AtomicInteger(CloseVsQueueing.OPEN);

    @Actor
    public void queuer(ZZ_Result r) {
        // QueueingCounter.enter(), its getAndAdd an opaque read and a release store
        int n = (int) StressSupport.INT_ELEMENT.getOpaque(stripes, StressSupport.FIRST_STRIPE);
        StressSupport.INT_ELEMENT.setRelease(stripes, StressSupport.FIRST_STRIPE, n + 1);
        r.r1 = state.get() != CloseVsQueueing.CLOSED;
    }

    @Actor
    public void closer(ZZ_Result r) {
        state.set(CloseVsQueueing.CLOSED);
        r.r2 = !queueings.anyInFlightVolatile();
    }
}
