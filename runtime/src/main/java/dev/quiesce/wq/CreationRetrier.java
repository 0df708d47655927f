package dev.quiesce.wq;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that retries worker creation for a {@code memReclaim} queue's pools while its {@link Rescuer} runs
 * their items: the rescuer asks ({@link #request}), this thread calls the queue's factory. The rescuer never
 * calls the factory itself, which is user code that may block for good (a factory waiting on a lock, a pool of
 * threads that never frees one); a retry that hangs here stops retries, not rescues. Started with the rescuer,
 * with a plain {@code new Thread}.
 *
 * <p>Field legend: {@code wanted}: set by the rescuer, taken ({@code getAndSet}) by this thread; {@code stop}:
 * volatile, set once by {@code close()}.
 */
final class CreationRetrier implements Runnable {
    private final WorkerPool[] pools;
    private final Thread thread;
    /** Per pool: 1 once the rescuer asked for a retry that this thread has not yet begun. */
    private final AtomicIntegerArray wanted;
    private volatile boolean stop;
    private volatile long retries;

    private CreationRetrier(Workqueue wq) {
        this.pools = wq.pools();
        this.wanted = new AtomicIntegerArray(pools.length);
        Thread t = new Thread(this, "quiesce-wq-retrier-" + wq.name);
        t.setDaemon(true);
        this.thread = t;
    }

    static CreationRetrier start(Workqueue wq) {
        CreationRetrier r = new CreationRetrier(wq);
        try {
            r.thread.start();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start the creation retrier of memReclaim workqueue \""
                    + wq.name + "\"", e);
        }
        return r;
    }

    /** The rescuer's: asks for a retry of pool {@code i}'s worker creation. Allocates nothing, never blocks. */
    void request(int i) {
        wanted.set(i, 1);
        LockSupport.unpark(thread);
    }

    /**
     * Stops the thread without waiting for it: it may be inside a factory that never returns. A retry that
     * returns from the factory after the queue closed starts a worker that finds its pool stopping and exits at
     * once, running nothing.
     */
    void stop() {
        stop = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (!stop) {
            for (int i = 0; i < pools.length && !stop; i++) {
                if (wanted.get(i) != 0 && wanted.getAndSet(i, 0) != 0) {
                    retries++; // this thread is the only writer
                    pools[i].retryCreation();
                }
            }
            // A request made after the scan left an unpark behind: this park returns at once.
            LockSupport.park(this);
        }
    }

    String describe() {
        return "retrier " + thread.getName() + ": " + retries + " creation retries, thread " + thread.getState();
    }
}
