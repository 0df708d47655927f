package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The intake's wake-up (store buffering, sequentially consistent atomics on both sides). The pool has one
 * idle worker published and nobody registered, so a submitter that sees no waiter skips the lock. The
 * submitter runs the real {@link PoolIntake#push(Work, int)}, onto its intake's second stripe (CAS push, then reads of {@code waiters},
 * {@code idle}, {@code woken}); the idle worker, with nobody busy, runs the real
 * {@link WorkerPool#registerWaiterLocked()} under the pool's monitor, as WorkerPool.workerLoop does (atomic
 * add to {@code waiters}, then a volatile reread of the intake).
 *
 * <p>The claim (docs/memory-ordering.md, "The wake-up"): either the worker sees the push and does not wait,
 * or the submitter sees the registration and takes the lock to wake a worker. A worker that sleeps while the
 * submitter skips the lock is a lost wake-up: the item sits in the intake with nobody to take it.
 */
@JCStressTest
@Description("PoolIntake.push vs WorkerPool.registerWaiterLocked: a worker never waits on a push whose "
        + "submitter skips the lock.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
        desc = "The submitter saw the registration and takes the lock to wake it; the worker sleeps until then.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "Each saw the other: the worker looks for work again; the submitter's lock is spare.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
        desc = "The submitter saw no waiter (an idle worker exists); the worker saw the push and takes it.")
@Outcome(id = "false, true", expect = FORBIDDEN,
        desc = "Lost wake-up: the worker waits on an intake it saw empty, the submitter skipped the lock.")
@State
public class IntakeVsWaiter {
    final WorkerPool pool = StressSupport.pool();
    final Work w = StressSupport.item();

    public IntakeVsWaiter() {
        StressSupport.publishIdle(pool, 1); // the worker below, idle
    }

    @Actor
    public void submitter(ZZ_Result r) {
        r.r1 = pool.intake.push(w, StressSupport.LAST_STRIPE); // true: take the lock, wake or create a worker
    }

    @Actor
    public void worker(ZZ_Result r) {
        synchronized (pool) {
            r.r2 = pool.registerWaiterLocked(); // true: it may wait
        }
    }
}
