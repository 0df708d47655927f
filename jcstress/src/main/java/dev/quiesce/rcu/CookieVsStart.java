package dev.quiesce.rcu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JZ_Result;

/**
 * Grace-period sequence cookie vs a concurrent start (GracePeriodDriver's class comment, "sequence numbers").
 * The caller unlinks (release store) and asks the real {@link GracePeriodDriver#cookie()} (full fence, read
 * of {@code started}) which grace period covers it. Concurrently the driver runs grace period 1 through its
 * real {@code runOne}: store {@code started = 1}, full fence, then the flavor, which runs the real
 * {@link TasksGracePeriod#phasePreGp()} fence and makes the grace period's observation: here, a load of the
 * pointer.
 *
 * <p>The claim: a caller whose read of {@code started} missed the concurrent start gets cookie 1 (that grace
 * period covers it) and that start's observations see its unlink. A caller that saw the start gets cookie 2
 * and waits for the next grace period, so grace period 1 missing its unlink is harmless.
 */
@JCStressTest
@Description("cookie() vs runOne(): a caller told that the starting grace period covers it (cookie 1) has its "
        + "unlink seen by that grace period (cookie() fence vs the fence after the store of started).")
@Outcome(id = "1, true", expect = ACCEPTABLE, desc = "Cookie names the starting grace period, which saw the unlink.")
@Outcome(id = "2, true", expect = ACCEPTABLE,
        desc = "Cookie names the next grace period; the starting one saw the unlink anyway.")
@Outcome(id = "2, false", expect = ACCEPTABLE,
        desc = "Cookie names the next grace period; the starting one missed the unlink, harmlessly.")
@Outcome(id = "1, false", expect = FORBIDDEN,
        desc = "Cookie names the starting grace period, whose observations missed the unlink: the caller would free "
                + "too early.")
@State
public class CookieVsStart {
    final StressSupport.ObservingFlavor gp = new StressSupport.ObservingFlavor();
    final GracePeriodDriver driver = StressSupport.driver(gp);

    @Actor
    public void caller(JZ_Result r) {
        gp.unlink();
        r.r1 = driver.cookie();
    }

    @Actor
    public void gracePeriod(JZ_Result r) {
        StressSupport.runOne(driver); // started = 1, fence, gp.await(1, ...), completed = 1
        r.r2 = gp.observedUnlink;
    }
}
