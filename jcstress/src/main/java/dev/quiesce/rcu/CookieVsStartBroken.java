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
 * BROKEN ON PURPOSE: {@link CookieVsStart} with the full fence at the top of cookie() removed. The unlink
 * can then wait in the store buffer while {@code started} is read (still 0), and the starting grace
 * period's observations miss it. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): GracePeriodDriver.cookie() without its leading full fence.")
@Outcome(id = "1, true", expect = ACCEPTABLE, desc = "Cookie names the starting grace period, which saw the unlink.")
@Outcome(id = "2, true", expect = ACCEPTABLE,
        desc = "Cookie names the next grace period; the starting one saw the unlink anyway.")
@Outcome(id = "2, false", expect = ACCEPTABLE,
        desc = "Cookie names the next grace period; the starting one missed the unlink, harmlessly.")
@Outcome(id = "1, false", expect = FORBIDDEN,
        desc = "Cookie names the starting grace period, whose observations missed the unlink.")
@State
public class CookieVsStartBroken {
    final StressSupport.ObservingFlavor gp = new StressSupport.ObservingFlavor();
    final GracePeriodDriver driver = StressSupport.driver(gp);

    @Actor
    public void caller(JZ_Result r) {
        gp.unlink();
        // GracePeriodDriver.cookie() minus its VarHandle.fullFence()
        r.r1 = (long) StressSupport.DRIVER_STARTED.getVolatile(driver) + 1;
    }

    @Actor
    public void gracePeriod(JZ_Result r) {
        StressSupport.runOne(driver);
        r.r2 = gp.observedUnlink;
    }
}
