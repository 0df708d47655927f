package dev.quiesce.rcu;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The default {@link CallbackExecutor}: one pre-started daemon thread draining a lock-free queue. After each
 * batch the thread reports a quiescent state (a runtime worker finishing a work item, DESIGN §2).
 */
final class DedicatedCallbackThread implements CallbackExecutor {
    private static final Runnable STOP = () -> {};

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** R: set once by close(); the worker stops after draining the queue. */
    private volatile boolean closed;

    DedicatedCallbackThread(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable batch) {
        if (closed) {
            throw new IllegalStateException("callback executor \"" + thread.getName() + "\" is closed");
        }
        queue.offer(batch);
        LockSupport.unpark(thread);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(STOP);
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            Threads.joinUninterruptibly(thread);
        }
    }

    private void run() {
        for (;;) {
            Runnable r = queue.poll();
            if (r == null) {
                LockSupport.park(this);
                continue;
            }
            if (r == STOP) {
                return;
            }
            r.run(); // batches contain their own failure handling
            Quiescence.report();
        }
    }
}
