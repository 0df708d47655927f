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
 * BROKEN ON PURPOSE: {@link TraceLockVsDrained} with the full fence of the reader's lock removed (SRCU's
 * barrier B), which is also {@link TraceLockVsBarrier} without its process-wide barrier: the real
 * {@link TraceReader#lockUnfenced(int)} against the real {@link TraceGracePeriod#drainedFenced(int)}. The lock
 * count can wait in the store buffer while the section loads the pointer, so the drained check misses the
 * lock and the reader misses the unlink. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): an unfenced lock count against a drained check with no barrier.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader holds the old element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the lock came after the sum); the reader's section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the reader's open section holds the unlinked element.")
@State
public class TraceLockVsDrainedBroken {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    final TraceReader reader = StressSupport.traceReader(engine);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        int idx = engine.lvIndexOpaque() & 1;
        if (idx != 0) {
            throw new IllegalStateException("no flip in this test");
        }
        reader.lockUnfenced(idx);
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD;
    }

    @Actor
    public void updater(ZZ_Result r) {
        POINTER.setRelease(this, StressSupport.NEW);
        r.r1 = engine.drainedFenced(0);
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceLockVsDrainedBroken.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
