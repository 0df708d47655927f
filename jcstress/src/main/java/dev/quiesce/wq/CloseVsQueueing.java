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
 * close() vs a queue() in flight (store buffering, sequentially consistent accesses on both sides). The queuer
 * does what {@link Workqueue#queueOn} does after its state check: the real {@link PoolIntake#push} (a CAS on
 * the intake's head), then its second read of the queue's state ({@code closedMeanwhile}), which keeps the
 * item accepted unless it sees CLOSED. The closer does what {@link Workqueue#close()} does: it writes CLOSED,
 * then its last drain reads the intake ({@link PoolIntake#isEmptyVolatile()}, a volatile read). The state is an
 * {@link AtomicInteger} read with {@code get} and written with {@code set}, as Workqueue.state is.
 *
 * <p>The claim (docs/memory-ordering.md, "Close against queueing"): a queueing that keeps its item after its
 * push (it did not see CLOSED) is found by close's last drain; otherwise the item would be accepted after
 * close() stopped the pools, and never run.
 */
@JCStressTest
@Description("PoolIntake.push + state read vs close's CLOSED + read of the intake: close's last drain never "
        + "misses an item whose queueing kept it.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "The queueing kept its item (it did not see CLOSED), yet close's last drain found the intake empty: "
                + "the item is lost.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queueing kept its item; close's drain found it and runs it.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "The queueing saw CLOSED and takes its item back; close's drain came first.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The queueing saw CLOSED and takes its item back (or keeps it if a worker started it); close's "
                + "drain found it too.")
@State
public class CloseVsQueueing {
    /** Workqueue's OPEN and CLOSED. */
    static final int OPEN = 0;
    static final int CLOSED = 2;

    final PoolIntake intake = StressSupport.pool().intake;
    final Work item = StressSupport.item();
    final AtomicInteger state = new AtomicInteger(OPEN);

    @Actor
    public void queuer(ZZ_Result r) {
        intake.push(item, StressSupport.LAST_STRIPE);
        r.r1 = state.get() != CLOSED; // closedMeanwhile: keeps the item
    }

    @Actor
    public void closer(ZZ_Result r) {
        state.set(CLOSED);
        r.r2 = intake.isEmptyVolatile(); // close's last drain finds nothing, then stops the pools
    }
}
