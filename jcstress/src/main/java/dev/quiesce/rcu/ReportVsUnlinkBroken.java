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
 * BROKEN ON PURPOSE: {@link ReportVsUnlink} with the report's trailing full fence removed. The report's store
 * can then wait in the store buffer while the read section's load runs (x86's store-load reordering): the
 * scan misses the report and the reader misses the unlink. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): QsRecord.report() without its trailing full fence.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Snapshot saw the report (not credited); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Snapshot saw the report (not credited); the reader holds the old element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Report credited as a quiescent state; the reader's next section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Report credited as a quiescent state, yet the read section after it loaded the unlinked element.")
@State
public class ReportVsUnlinkBroken {
    final QsRecord record = new QsRecord(Thread.currentThread());
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;
    private long snapshot;

    @Actor
    public void reader(ZZ_Result r) {
        // QsRecord.report() minus its VarHandle.fullFence()
        long w = (long) StressSupport.QS_WORD.get(record);
        StressSupport.QS_WORD.setRelease(record, w + QsRecord.ONE);
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
            POINTER = MethodHandles.lookup().findVarHandle(ReportVsUnlinkBroken.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
