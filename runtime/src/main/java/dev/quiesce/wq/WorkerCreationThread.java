package dev.quiesce.wq;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread for the process that creates workers where the thread that found one missing must not call
 * a thread factory, and retries failed creations that nothing else would retry. Factories are user code that
 * may block for good: this thread may wait in one, the timer's thread (which fires every queue's delayed items
 * and runs the watchdog) must not. Started with the first queue.
 *
 * <ul>
 *   <li>{@link #create}: the timer fired an item into a pool with no idle worker and claimed its creation
 *       (made on a short-lived thread of its own when one can be started, here otherwise).</li>
 *   <li>Every {@link #PERIOD_NANOS}: each pool of an open queue without a rescuer whose last creation failed
 *       while items wait with nothing to start them (else they would wait for the next queueing, flush or
 *       close of their queue). A rescued queue's own retrier does this for its rescuer.</li>
 * </ul>
 *
 * A factory that blocks here holds up the creations and retries behind it, for every queue, until it returns;
 * queueings, flushes, timers and rescuers go on.
 *
 * <p>Field legend: {@code requests}: any thread adds, this thread polls; {@code thread}: guarded by the class.
 */
final class WorkerCreationThread implements Runnable {
    static final long PERIOD_NANOS = 250_000_000L;
    private static final ConcurrentLinkedQueue<WorkerPool> REQUESTS = new ConcurrentLinkedQueue<>();
    private static Thread thread;

    private WorkerCreationThread() {}

    /** Starts the thread if it is not running; throws if it cannot start. */
    static synchronized void ensureStarted() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(new WorkerCreationThread(), "quiesce-wq-worker-creation");
        t.setDaemon(true);
        try {
            t.start();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start the workqueue worker-creation thread", e);
        }
        thread = t;
    }

    /**
     * Creates a worker for {@code p}, whose creation the caller claimed ({@code kickWithoutCreating}), on a
     * short-lived thread of its own, so that a factory that blocks holds up no other pool's creation; on this
     * thread if no such thread can be started.
     */
    static void create(WorkerPool p) {
        try {
            Thread t = new Thread(p::createWorker, "quiesce-wq-create-" + p.wq.name);
            t.setDaemon(true);
            t.start();
            return;
        } catch (Throwable e) {
            // OutOfMemoryError (no heap, or no native thread): this thread takes the request
        }
        REQUESTS.add(p);
        Thread t;
        synchronized (WorkerCreationThread.class) {
            t = thread;
        }
        LockSupport.unpark(t);
    }

    @Override
    public void run() {
        long nextRetries = System.nanoTime() + PERIOD_NANOS;
        for (;;) {
            for (WorkerPool p; (p = REQUESTS.poll()) != null; ) {
                p.createWorker(); // never throws: a failure is counted, reported and answered with a mayday
            }
            long now = System.nanoTime();
            if (now - nextRetries >= 0) {
                nextRetries = now + PERIOD_NANOS;
                for (Workqueue q : Workqueues.open()) {
                    try {
                        q.retryFailedCreations();
                    } catch (Throwable e) { // retryCreation never throws; nothing may stop this thread
                        WorkerPool.log(System.Logger.Level.ERROR, "workqueue creation retry failed on " + q.name(), e);
                    }
                }
            }
            if (REQUESTS.isEmpty()) { // a request after this look leaves the park's permit set
                LockSupport.parkNanos(this, Math.max(1L, nextRetries - System.nanoTime()));
            }
        }
    }
}
