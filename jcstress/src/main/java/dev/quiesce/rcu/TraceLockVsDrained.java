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
 * TasksTraceRcu on JDK 17 to 21: read lock vs the drained check (SRCU's barriers A and B, store buffering).
 * The reader does what {@link TasksTraceRcu#readLock()} does there: reads the index, counts the lock with the
 * real {@link TraceReader#lockFenced(int)} (counter store, full fence), then loads the protected pointer and
 * keeps its section open. The updater unlinks, then asks the real {@link TraceGracePeriod#drainedFenced(int)}
 * about that index (sum of unlocks, full fence, sum of locks). {@link TraceLockVsBarrier} is the JDK 22+ pair.
 *
 * <p>The claim (TraceGracePeriod.drained): a lock the sum missed happened after the fence, so its section
 * sees the unlink. "Drained" while the reader holds the old element would let the grace period end under it.
 */
@JCStressTest
@Description("TraceReader.lockFenced vs TraceGracePeriod.drainedFenced: the slot is never reported drained "
        + "while a reader that loaded the old element still holds its section.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Not drained (the lock was counted); the reader holds the old element: the grace period waits.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Drained (the lock came after the sum); the reader's section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Drained while the reader's open section holds the unlinked element.")
@State
public class TraceLockVsDrained {
    final TraceGracePeriod engine = new TraceGracePeriod("jcstress", Long.MAX_VALUE, Long.MAX_VALUE);
    final TraceReader reader = StressSupport.traceReader(engine);
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;

    @Actor
    public void reader(ZZ_Result r) {
        int idx = engine.lvIndexOpaque() & 1; // TasksTraceRcu.readLock()
        reader.lockFenced(idx);
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD; // section stays open
    }

    @Actor
    public void updater(ZZ_Result r) {
        POINTER.setRelease(this, StressSupport.NEW); // unlink
        r.r1 = engine.drainedFenced(0); // no flip here: index 0 is the one readers use
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(TraceLockVsDrained.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
