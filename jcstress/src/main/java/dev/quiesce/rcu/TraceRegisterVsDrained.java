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
 * TasksTraceRcu: a thread's first read lock, which registers its reader, vs the drained check. The reader
 * registers with the real {@link TraceGracePeriod#register} (a CAS of the table, then a fence), counts its lock
 * as {@link TasksTraceRcu#readLock()} does on this JDK, then loads the protected pointer and keeps its section
 * open. The updater unlinks, fences (the grace period's start), and asks the real check: on JDK 22+
 * {@link TraceGracePeriod#drainedAcrossBarrier(int)}, which answers "drained" without a barrier when its table
 * holds no reader; before 22 {@link TraceGracePeriod#drainedFenced(int)}.
 *
 * <p>The claim (docs/memory-ordering.md, "Registering a reader"): a reader the table missed published itself
 * after the table was read, so its section sees the unlink. Its twin {@link TraceRegisterVsDrainedBroken}
 * publishes with a release store and no fence.
 */
@JCStressTest
@Description("TraceGracePeriod.register vs the drained check: a reader missing from the grace period's table "
        + "never holds the unlinked element.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "Not drained (the reader was seen); it saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the reader was seen); it holds the old element: the grace period waits.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the reader came after the check); its section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the new reader's open section holds the unlinked element.")
@State
public class TraceRegisterVsDrained {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        TraceReader reader = engine.register(Thread.currentThread()); // TasksTraceRcu.readLock(), first call
        int idx = engine.lvIndexOpaque() & 1;
        if (ProcessBarrier.available()) {
            reader.lockUnfenced(idx);
        } else {
            reader.lockFenced(idx);
        }
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD; // section stays open
    }

    @Actor
    public void updater(ZZ_Result r) {
        POINTER.setRelease(this, StressSupport.NEW); // unlink
        VarHandle.fullFence(); // the grace period's start (TraceGracePeriod.await, PRE_GP)
        r.r1 = ProcessBarrier.available() ? engine.drainedAcrossBarrier(0) : engine.drainedFenced(0);
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceRegisterVsDrained.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
