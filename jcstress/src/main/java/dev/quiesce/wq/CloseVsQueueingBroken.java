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
 * BROKEN ON PURPOSE: {@link CloseVsQueueing} with the push's CAS weakened to a release store
 * ({@link WeakenedPool#pushIntake}). The push can then wait in the store buffer while the queuer loads the state
 * (x86's store-load reordering): the queuer keeps its item, having seen the queue open, and the closer, after
 * its CLOSED, finds the intake empty. The closer keeps the real volatile read. The gate requires a FORBIDDEN
 * result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): the queueing's push as a release store instead of a CAS.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "The queueing kept its item (it did not see CLOSED), yet close's last drain found the intake empty: "
                + "the item is lost.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queueing kept its item; close's drain found it and runs it.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "The queueing saw CLOSED and takes its item back; close's drain came first.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The queueing saw CLOSED and takes its item back; close's drain found it too.")
@State
public class CloseVsQueueingBroken {
    final WeakenedPool pool = new WeakenedPool(0, 0, 1);
    final Work item = StressSupport.item();
    final AtomicInteger state = new AtomicInteger(CloseVsQueueing.OPEN);

    @Actor
    public void queuer(ZZ_Result r) {
        pool.pushIntake(item);
        r.r1 = state.get() != CloseVsQueueing.CLOSED;
    }

    @Actor
    public void closer(ZZ_Result r) {
        state.set(CloseVsQueueing.CLOSED);
        r.r2 = pool.intakeEmpty(); // an acquire load here; the store buffering is on the queuer's side
    }
}
