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
 * does what {@link Workqueue#queueOn} does up to its state check: the real {@link QueueingCounter#enter()}
 * (an atomic add on its thread's stripe), then a read of the queue's state; it stays between the check and
 * its push. The closer does what {@link Workqueue#close()} does after draining: it writes CLOSED, then asks
 * the real {@link QueueingCounter#anyInFlightVolatile()} (a volatile read of every stripe). The state is an
 * {@link AtomicInteger} read with {@code get} and written with {@code set}, as Workqueue.state is.
 *
 * <p>The claim (docs/memory-ordering.md, "Close against queueing"): a queuer that saw the queue open is
 * counted by the closer, which waits for its push; otherwise the item would be pushed after close() stopped
 * the pools, and never run.
 */
@JCStressTest
@Description("QueueingCounter.enter + state check vs close's CLOSED + QueueingCounter.anyInFlightVolatile: "
        + "close never misses a queueing that saw the queue open.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "The queuer passed the state check, yet close counted no queueing in flight: its item is lost.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The queuer saw the queue open; close counted it and waits for its push.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "The queuer saw CLOSED and refuses the item; close had not counted it yet.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The queuer saw CLOSED and refuses the item; close counted it and waits for it to leave.")
@State
public class CloseVsQueueing {
    /** Workqueue's OPEN and CLOSED. */
    static final int OPEN = 0;
    static final int CLOSED = 2;

    final QueueingCounter queueings = new QueueingCounter();
    final AtomicInteger state = new AtomicInteger(OPEN);

    @Actor
    public void queuer(ZZ_Result r) {
        queueings.enter();
        r.r1 = state.get() != CLOSED; // passed the state check; its push comes next
    }

    @Actor
    public void closer(ZZ_Result r) {
        state.set(CLOSED);
        r.r2 = !queueings.anyInFlightVolatile(); // close goes on to stop the pools
    }
}
