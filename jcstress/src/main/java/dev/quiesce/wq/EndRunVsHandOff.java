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
 * A run's end vs the claim of the next queueing of the same item (non-reentrancy). The item's first queueing
 * runs; its second is pending, in a worker's batch. The runner ends its run with the real {@link Work#endRun()};
 * the worker claims the entry with the real {@link Work#claim}: it starts the item if the run is over, else
 * marks it HANDOFF for the runner to run again.
 *
 * <p>The claim (docs/memory-ordering.md, "The state word"): both are CASes on the one word, so a claim that
 * hands the queueing over is seen by the run's end, which then takes it over; the queueing runs exactly once.
 * r1: 1 if the run's end found a hand-off; r2: the claim's answer (0 claimed, 2 handed off).
 */
@JCStressTest
@Description("Work.endRun vs Work.claim: a queueing handed to the runner is seen by its end; it is never lost, "
        + "never run twice.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The run ended first; the claimer starts the item.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The claimer handed the queueing over; the runner takes it.")
@Outcome(id = "0, 2", expect = FORBIDDEN,
        desc = "The claimer handed the queueing over, but the run's end did not see it: the queueing is lost.")
@Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "The run's end took a hand-off, and the claimer started the item too: it runs twice.")
@State
public class EndRunVsHandOff {
    final Work w = StressSupport.item();
    /** The batch entry of the second queueing. */
    final long entry;

    public EndRunVsHandOff() {
        entry = StressSupport.runningWithOneMorePending(w);
    }

    @Actor
    public void runner(II_Result r) {
        r.r1 = w.endRun() < 0 ? 0 : 1;
    }

    @Actor
    public void claimer(II_Result r) {
        r.r2 = w.claim(entry);
    }
}
