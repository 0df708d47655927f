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
 * BROKEN ON PURPOSE: {@link SleepVsWake} with a wake that reads the worker's state and then stores AWAKE (a
 * volatile store, not a getAndSet). An announcement made between the read and the store is missed: the worker
 * parks and nobody unparks it. The gate requires a FORBIDDEN result here.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): Worker.wake as a read and a store instead of a getAndSet.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The worker announced its park first; the waker unparks it.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The waker came first; the worker does not park, nobody unparks.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Lost wake-up: the worker parks and its waker does not unpark it.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Stray permit: an unpark for a worker that does not park.")
@State
public class SleepVsWakeBroken {
    final WorkerPool pool = StressSupport.pool();
    final Worker worker = new Worker(pool, false);

    public SleepVsWakeBroken() {
        synchronized (pool) {
            worker.setAsleepVolatile(true);
        }
    }

    @Actor
    public void waker(II_Result r) {
        synchronized (pool) {
            boolean parked = (int) StressSupport.WORKER_SLEEP_STATE.getVolatile(worker) == Worker.PARKED;
            StressSupport.WORKER_SLEEP_STATE.setVolatile(worker, Worker.AWAKE);
            r.r1 = parked ? 1 : 0;
        }
    }

    @Actor
    public void sleeper(II_Result r) {
        r.r2 = worker.announcePark() ? 1 : 0;
    }
}
