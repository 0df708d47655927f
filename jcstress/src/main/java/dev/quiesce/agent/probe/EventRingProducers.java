package dev.quiesce.agent.probe;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two handlers offer into a ring with one free cell (capacity 2, one event already in it). The claim: exactly
 * one offer succeeds, the other is dropped, and the reader finds the winner's event after the first one.
 */
@JCStressTest
@Description("EventRing.offer vs offer for the last free cell: one wins, one is dropped, nothing is overwritten.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The first handler won the cell.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The second handler won the cell.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both claimed the one free cell: an event is lost.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Both were dropped although a cell was free.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "The reader found the wrong event.")
@State
public class EventRingProducers {
    final EventRing<Object> ring = new EventRing<>(2);

    public EventRingProducers() {
        ring.offer(0);
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = ring.offer(1) ? 1 : 0;
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = ring.offer(2) ? 1 : 0;
    }

    @Arbiter
    public void reader(III_Result r) {
        Object zero = ring.poll();
        Object next = ring.poll();
        r.r3 = !Integer.valueOf(0).equals(zero) ? -1 : next == null ? -2 : (Integer) next;
    }
}
