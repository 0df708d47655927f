package dev.quiesce.agent.probe;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** {@link EventRingPublication} with an offer that publishes the cell's sequence before writing its value. */
@JCStressTest
@Description("Broken twin: offer publishes the sequence first; the reader finds a published cell with no event.")
@Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "The reader came before the event was published.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader got the event, with its field.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The reader got the event without its field.")
@Outcome(id = "1, -2", expect = FORBIDDEN, desc = "The cell was published, but held no event.")
@State
public class EventRingPublicationBroken {
    final EventRing<Object> ring = new EventRing<>(2);

    @Actor
    public void handler(II_Result r) {
        EventRingPublication.Box b = new EventRingPublication.Box();
        b.x = 1;
        r.r1 = RingAccess.offerPublishingFirst(ring, b) ? 1 : 0;
    }

    @Actor
    public void reader(II_Result r) {
        boolean published = RingAccess.nextPublished(ring);
        Object e = ring.poll();
        r.r2 = e != null ? ((EventRingPublication.Box) e).x : published ? -2 : -1;
    }
}
