package dev.quiesce.wq;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A sleeping worker's park against its waker (docs/memory-ordering.md, "The sleep"). The worker is on its
 * pool's sleepers' stack (SLEEPING) and, outside the lock, about to park: it announces the park with the real
 * {@link Worker#announcePark()} (a CAS to PARKED) and parks only if that succeeds. A lock holder takes it off the
 * stack with the real {@link Worker#wake()} (a getAndSet to AWAKE) and unparks it only if it saw PARKED.
 *
 * <p>The claim: the worker parks exactly when its waker unparks it. A park without an unpark is a lost wake-up
 * (the worker sleeps on with an item waiting for it); an unpark without a park leaves a permit on the worker's
 * thread, which cuts short the first park of its next item.
 */
@JCStressTest
@Description("Worker.announcePark vs Worker.wake: the worker parks exactly when its waker unparks it.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The worker announced its park first; the waker unparks it.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The waker came first; the worker does not park, nobody unparks.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Lost wake-up: the worker parks and its waker does not unpark it.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Stray permit: an unpark for a worker that does not park.")
@State
public class SleepVsWake {
    final WorkerPool pool = StressSupport.pool();
    final Worker worker = new Worker(pool, false);

    public SleepVsWake() {
        synchronized (pool) {
            worker.setAsleepVolatile(true); // WorkerPool.beginSleepLocked
        }
    }

    @Actor
    public void waker(II_Result r) {
        synchronized (pool) {
            r.r1 = worker.wake() ? 1 : 0; // 1: unpark once the lock is let go
        }
    }

    @Actor
    public void sleeper(II_Result r) {
        r.r2 = worker.announcePark() ? 1 : 0; // 1: parks
    }
}
