package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A parked worker's park returned (its timeout, or spuriously) as its waker takes it off the stack
 * (docs/memory-ordering.md, "The sleep"). The worker withdraws its announcement with the real
 * {@link Worker#withdrawPark()} (a CAS from PARKED back to SLEEPING) and, if that succeeded, announces its next
 * park with the real {@link Worker#announcePark()}; the waker runs the real {@link Worker#wake()}.
 *
 * <p>The claim: the worker parks again only if its waker will unpark it, and a worker the waker does not unpark
 * learns that it was woken. A failed withdrawal with an unpark coming is the case the code allows: the unpark
 * may find the thread no longer parked (a spurious return for its next park).
 */
@JCStressTest
@Description("Worker.withdrawPark + announcePark vs Worker.wake: no park without an unpark after a wake.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE,
        desc = "The withdrawal came first; the waker saw SLEEPING (no unpark); the next announcement fails.")
@Outcome(id = "0, -1, 1", expect = ACCEPTABLE,
        desc = "The wake came first: the withdrawal fails, the worker returns woken; the waker unparks it.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE,
        desc = "Withdrawn and announced again before the wake: the waker sees PARKED and unparks the park.")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "Lost wake-up: the worker parks again, the waker does not unpark.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "Any other combination breaks the state machine.")
@State
public class WithdrawVsWake {
    final WorkerPool pool = StressSupport.pool();
    final Worker worker = new Worker(pool, false);

    public WithdrawVsWake() {
        synchronized (pool) {
            worker.setAsleepVolatile(true); // WorkerPool.beginSleepLocked
        }
        if (!worker.announcePark()) { // WorkerPool.sleep: parked now
            throw new AssertionError("set-up: the announcement must succeed");
        }
    }

    @Actor
    public void waker(III_Result r) {
        synchronized (pool) {
            r.r3 = worker.wake() ? 1 : 0;
        }
    }

    @Actor
    public void sleeper(III_Result r) {
        boolean withdrawn = worker.withdrawPark();
        r.r1 = withdrawn ? 1 : 0;
        r.r2 = withdrawn ? (worker.announcePark() ? 1 : 0) : -1; // -1: returned woken, no further announcement
    }
}
