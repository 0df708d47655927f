package dev.quiesce.agent.probe;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A handler offers an event it has just filled in; the reader polls. The claim (docs/memory-ordering.md,
 * "Event rings"): a published cell always holds its event, and the event's fields are seen as written.
 */
@JCStressTest
@Description("EventRing.offer vs poll: an event the reader gets is complete, and a cell published as full is.")
@Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "The reader came before the event was published.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader got the event, with its field.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The reader got the event without the field written before offer.")
@Outcome(id = "1, -2", expect = FORBIDDEN, desc = "The cell was published, but held no event.")
@State
public class EventRingPublication {
    final EventRing<Object> ring = new EventRing<>(2);

    /** An event with one plain field, written before it is offered. */
    static final class Box {
        int x;
    }

    @Actor
    public void handler(II_Result r) {
        Box b = new Box();
        b.x = 1;
        r.r1 = ring.offer(b) ? 1 : 0;
    }

    @Actor
    public void reader(II_Result r) {
        boolean published = RingAccess.nextPublished(ring);
        Object e = ring.poll();
        r.r2 = e != null ? ((Box) e).x : published ? -2 : -1;
    }
}
