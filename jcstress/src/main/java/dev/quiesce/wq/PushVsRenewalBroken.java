package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link PushVsRenewal} with a renewal that leaves the old top open. The twin writes out
 * {@link IntakeStripe}'s push and take line by line, except that the renewing take empties the old top (a
 * {@code getAndSet} to null) instead of closing it. A push that read the old top before the replacement then
 * succeeds on it after the take, and nobody reads that top again. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): IntakeStripe.push vs a renewing take that leaves the old top open.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "The renewing take or the later one took the item.")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "Lost: the push landed on a top nobody takes.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Taken twice.")
@State
public class PushVsRenewalBroken {
    /** The stripe's top holder, written out: {@code top} as IntakeStripe's, each top's head as IntakeTop's. */
    static final class Top {
        volatile Work head;
    }

    volatile Top top = new Top();
    final Work w = StressSupport.item();

    @Actor
    public void submitter() {
        for (;;) {
            Top t = top;
            Work h = t.head;
            w.nextIntake = h;
            if (HEAD.compareAndSet(t, h, w)) {
                return;
            }
        }
    }

    @Actor
    public void worker(ZZ_Result r) {
        synchronized (this) {
            Top t = top;
            top = new Top();
            r.r1 = PushVsRenewal.holds((Work) HEAD.getAndSet(t, null), w); // BROKEN: should close it
        }
    }

    @Arbiter
    public void later(ZZ_Result r) {
        r.r2 = PushVsRenewal.holds((Work) HEAD.getAndSet(top, null), w);
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Top.class, "head", Work.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
