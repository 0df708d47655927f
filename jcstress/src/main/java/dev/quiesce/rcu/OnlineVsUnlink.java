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
 * Unlink vs leaving extended quiescence (store buffering). The reader starts offline and comes back with the
 * real {@link QsRecord#online()} (release store clearing the offline bit and moving the count, full fence),
 * then loads the protected pointer. The updater unlinks, runs the real {@link TasksGracePeriod#phasePreGp()}
 * fence and takes the scan's snapshot; a snapshot that is still offline makes the scan skip the thread as
 * quiescent. The arbiter applies the recheck to the rest.
 *
 * <p>A thread the scan saw offline must see the unlink in every read section after its online().
 */
@JCStressTest
@Description("Extended quiescence vs unlink: a thread the scan skips as offline sees the unlink after "
        + "online() (QsRecord.online fence vs TasksGracePeriod.phasePreGp fence).")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "Scan saw the thread online (a holdout); the reader saw the new element.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
        desc = "Scan saw the thread online (a holdout); the reader holds the old element: the grace period keeps "
                + "waiting.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Scan skipped the thread as offline; its section after online() saw the unlink.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Scan skipped the thread as offline, yet its section after online() loaded the unlinked element.")
@State
public class OnlineVsUnlink {
    final QsRecord record = new QsRecord(Thread.currentThread());
    @SuppressWarnings("unused") // accessed through POINTER
    private Object pointer = StressSupport.OLD;
    private long snapshot;

    public OnlineVsUnlink() {
        record.offline(); // owner-only state; the reader actor takes the record over with this object
    }

    @Actor
    public void reader(ZZ_Result r) {
        record.online();
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
            POINTER = MethodHandles.lookup().findVarHandle(OnlineVsUnlink.class, "pointer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
