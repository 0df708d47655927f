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
 * Unlink vs a hook-counter quiescent state (store buffering). The reader reports a quiescent state with the
 * real {@link QsRecord#report()} (release store, full fence), then begins a read section: it loads the
 * protected pointer. The updater unlinks (release store of the new pointer), runs the real
 * {@link TasksGracePeriod#phasePreGp()} fence and takes the scan's snapshot of the reader's word; the arbiter
 * is the recheck, which credits the reader with a quiescent state when its word moved after the snapshot.
 *
 * <p>A report the snapshot missed counts as a quiescent state after the grace period began, so the read
 * section after it must see the unlink. A report the snapshot already saw proves nothing: the reader may
 * still hold the old element, and the grace period waits for a later quiescent state.
 */
@JCStressTest
@Description("Hook counter vs unlink: a report the grace period credits as after its start is followed by "
        + "read sections that see the unlink (QsRecord.report fence vs TasksGracePeriod.phasePreGp fence).")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Snapshot saw the report (not credited); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Snapshot saw the report (not credited); the reader holds the old element: the grace period keeps "
                + "waiting.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Report credited as a quiescent state; the reader's next section saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Report credited as a quiescent state, yet the read section after it loaded the unlinked element.")
@State
public class ReportVsUnlink {
    final QsRecord record = new QsRecord(Thread.currentThread());
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;
    private long snapshot;

    @Actor
    public void reader(ZZ_Result r) {
        record.report();
        r.r2 = POINTER.getAcquire(this) == StressSupport.OLD; // the next read section
    }

    @Actor
    public void updater() {
        POINTER.setRelease(this, StressSupport.NEW); // unlink
        StressSupport.TASKS_ENGINE.phasePreGp();
        snapshot = record.lvWordAcquire(); // the scan
    }

    @Arbiter
    public void recheck(ZZ_Result r) {
        r.r1 = StressSupport.creditedQuiescentState(snapshot, record.lvWordAcquire());
    }

    static final VarHandle POINTER;

    static {
        try {
            POINTER = MethodHandles.lookup().findVarHandle(ReportVsUnlink.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
