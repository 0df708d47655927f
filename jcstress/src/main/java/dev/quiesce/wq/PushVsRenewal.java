package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A submitter pushes onto an intake stripe while a worker takes the stripe and replaces its top
 * ({@link IntakeStripe#takeAll(boolean)} with {@code renew}, as every batch does); afterwards, a lock holder takes
 * whatever the stripe holds. Both run the real {@link IntakeStripe}.
 *
 * <p>The claim (docs/memory-ordering.md, "The intake"): the item is taken exactly once, by the worker or by the
 * later take. A push that read the old top before its replacement finds that top closed and pushes onto the new
 * one; were the old top left open, the push could land on a top that nobody reads again, and the item would be
 * lost ({@link PushVsRenewalBroken}).
 */
@JCStressTest
@Description("IntakeStripe.push vs a take that replaces the stripe's top: the item is taken exactly once.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "The renewing take or the later one took the item.")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "Lost: the push landed on a top nobody takes.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Taken twice.")
@State
public class PushVsRenewal {
    final IntakeStripe stripe = new IntakeStripe();
    final Work w = StressSupport.item();

    @Actor
    public void submitter() {
        stripe.push(w);
    }

    @Actor
    public void worker(ZZ_Result r) {
        synchronized (this) { // as the pool's lock holder
            r.r1 = holds(stripe.takeAll(true), w);
        }
    }

    @Arbiter
    public void later(ZZ_Result r) {
        r.r2 = holds(stripe.takeAll(false), w);
    }

    static boolean holds(Work stack, Work w) {
        for (Work x = stack; x != null; x = x.nextIntake) {
            if (x == w) {
                return true;
            }
        }
        return false;
    }
}
