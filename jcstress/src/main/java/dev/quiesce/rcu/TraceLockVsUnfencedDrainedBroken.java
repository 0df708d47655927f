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
 * BROKEN ON PURPOSE: {@link TraceLockVsDrained} with the full fence between the two sums of
 * TraceGracePeriod.drained() removed (SRCU's barrier A): the lock sum's load can then pass the unlink's
 * store, so the check misses a lock whose section missed the unlink. The reader keeps the real
 * {@link TraceReader#lockFenced(int)}. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): TraceGracePeriod.drained() without the fence between its sums.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader holds the old element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the lock came after the sum); the reader's section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the reader's open section holds the unlinked element.")
@State
public class TraceLockVsUnfencedDrainedBroken {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    final TraceReader reader = StressSupport.traceReader(engine);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        int idx = engine.lvIndexOpaque() & 1;
        reader.lockFenced(idx);
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD;
    }

    @Actor
    public void updater(ZZ_Result r) {
        POINTER.setRelease(this, StressSupport.NEW);
        // TraceGracePeriod.drained(0) over its one reader, minus the VarHandle.fullFence() between the sums
        long unlocks = reader.lvUnlockAcquire(0);
        long locks = reader.lvLockAcquire(0);
        r.r1 = locks == unlocks;
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceLockVsUnfencedDrainedBroken.class, "pointer",
                    Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
