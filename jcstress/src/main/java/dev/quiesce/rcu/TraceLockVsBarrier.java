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
 * TasksTraceRcu on JDK 22+: the reader counts its lock with the real {@link TraceReader#lockUnfenced(int)}
 * (no fence), then loads the protected pointer and keeps its section open. The updater unlinks, then asks the
 * real {@link TraceGracePeriod#drainedAcrossBarrier(int)} (sum of unlocks, an all-threads handshake, sum of
 * locks). The handshake must do for the reader what its missing fence would have done. Its twin without the
 * handshake is {@link TraceLockVsDrainedBroken}. On a JVM without the barrier (before 22) the test runs the
 * fenced pair instead, so it stays green there and proves nothing new.
 */
@JCStressTest
@Description("TraceReader.lockUnfenced vs TraceGracePeriod.drainedAcrossBarrier: the slot is never reported "
        + "drained while a reader that loaded the old element still holds its section.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader holds the old element: the grace period waits.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the lock came after the barrier); the reader's section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the reader's open section holds the unlinked element.")
@State
public class TraceLockVsBarrier {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    final TraceReader reader = StressSupport.traceReader(engine);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        int idx = engine.lvIndexOpaque() & 1; // TasksTraceRcu.readLock()
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
        r.r1 = ProcessBarrier.available() ? engine.drainedAcrossBarrier(0) : engine.drainedFenced(0);
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceLockVsBarrier.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
