package dev.quiesce.rcu;

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
 * BROKEN ON PURPOSE: {@link OnlineVsUnlink} with online()'s trailing full fence removed: the scan can still
 * see the thread offline while its first read section already loaded the old pointer. The gate requires a
 * FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): QsRecord.online() without its trailing full fence.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Scan saw the thread online (a holdout); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Scan saw the thread online (a holdout); the reader holds the old element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Scan skipped the thread as offline; its section after online() saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Scan skipped the thread as offline, yet its section after online() loaded the unlinked element.")
@State
public class OnlineVsUnlinkBroken {
    final QsRecord record = new QsRecord(Thread.currentThread());
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;
    private long snapshot;

    public OnlineVsUnlinkBroken() {
        record.offline();
    }

    @Actor
    public void reader(ZZ_Result r) {
        // QsRecord.online() (depth 1 -> 0) minus its VarHandle.fullFence()
        long w = (long) StressSupport.QS_WORD.get(record);
        StressSupport.QS_WORD.setRelease(record, (w & ~QsRecord.OFFLINE) + QsRecord.ONE);
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD;
    }

    @Actor
    public void updater() {
        POINTER.setRelease(this, StressSupport.NEW);
        StressSupport.TASKS_ENGINE.phasePreGp();
        snapshot = record.lvWordAcquire();
    }

    @Arbiter
    public void recheck(ZZ_Result r) {
        r.r1 = StressSupport.creditedQuiescentState(snapshot, record.lvWordAcquire());
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(OnlineVsUnlinkBroken.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
