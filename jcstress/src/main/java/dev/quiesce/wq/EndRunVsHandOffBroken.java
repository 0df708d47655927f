package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * BROKEN ON PURPOSE: {@link EndRunVsHandOff} with a run's end that reads the word and then stores it with
 * RUNNING cleared (a volatile store, not a CAS). A HANDOFF set between the read and the store is erased: the
 * claimer handed the queueing over and nobody runs it. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): Work.endRun as a read and a store instead of a CAS.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The run ended first; the claimer starts the item.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The claimer handed the queueing over; the runner takes it.")
@Outcome(id = "0, 2", expect = FORBIDDEN,
        desc = "The claimer handed the queueing over, but the run's end did not see it: the queueing is lost.")
@Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "The run's end took a hand-off, and the claimer started the item too: it runs twice.")
@State
public class EndRunVsHandOffBroken {
    final Work w = StressSupport.item();
    final long entry;

    public EndRunVsHandOffBroken() {
        entry = StressSupport.runningWithOneMorePending(w);
    }

    @Actor
    public void runner(II_Result r) {
        long s = (long) StressSupport.WORK_STATE.getVolatile(w);
        if ((s & Work.HANDOFF) != 0) {
            r.r1 = 1;
            return;
        }
        StressSupport.WORK_STATE.setVolatile(w, s & ~Work.RUNNING);
        r.r1 = 0;
    }

    @Actor
    public void claimer(II_Result r) {
        r.r2 = w.claim(entry);
    }
}
