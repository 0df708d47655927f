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

/** {@link EventRingProducers} with an offer that claims its cell by a plain tail store instead of a CAS. */
@JCStressTest
@Description("Broken twin: check-then-store claims let both handlers take the one free cell.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The first handler won the cell.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The second handler won the cell.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both claimed the one free cell: an event is lost.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Both were dropped although a cell was free.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "The reader found the wrong event.")
@State
public class EventRingProducersBroken {
    final EventRing<Object> ring = new EventRing<>(2);

    public EventRingProducersBroken() {
        ring.offer(0);
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = RingAccess.offerWithoutCas(ring, 1) ? 1 : 0;
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = RingAccess.offerWithoutCas(ring, 2) ? 1 : 0;
    }

    @Arbiter
    public void reader(III_Result r) {
        Object zero = ring.poll();
        Object next = ring.poll();
        r.r3 = !Integer.valueOf(0).equals(zero) ? -1 : next == null ? -2 : (Integer) next;
    }
}
