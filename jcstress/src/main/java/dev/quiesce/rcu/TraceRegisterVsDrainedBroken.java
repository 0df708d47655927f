package dev.quiesce.rcu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * {@link TraceRegisterVsDrained} with the registration weakened: the reader is published by a release store,
 * with no CAS and no fence, and counts its lock unfenced (the JDK 22+ reader). The updater takes the barrier
 * check's shortcut: "drained" when its table read finds no reader, "not drained" otherwise (a safe answer that
 * needs no barrier, so this twin runs on every JDK). The reader's load can pass its own table store (store
 * buffering), so the shortcut can call the slot drained under it: the FORBIDDEN outcome must show.
 */
@JCStressTest
@Description("A reader published without a fence: the empty-table shortcut calls the slot drained while the "
        + "reader holds the unlinked element (must fail).")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "Not drained (the reader was seen); it saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the reader was seen); it holds the old element: the grace period waits.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the reader came after the check); its section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the new reader's open section holds the unlinked element.")
@State
public class TraceRegisterVsDrainedBroken {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        TraceReader reader = StressSupport.registerWithReleaseStore(engine);
        reader.lockUnfenced(engine.lvIndexOpaque() & 1);
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD; // section stays open
    }

    @Actor
    public void updater(ZZ_Result r) {
        POINTER.setRelease(this, StressSupport.NEW); // unlink
        VarHandle.fullFence(); // the grace period's start
        r.r1 = StressSupport.traceTableEmpty(engine);
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceRegisterVsDrainedBroken.class, "pointer",
                    Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
