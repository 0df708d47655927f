package dev.quiesce.rcu;

import java.util.concurrent.CountDownLatch;

/**
 * A TASKS reader held inside its read section until released: the frame {@link #section()} is registered
 * as read-side code by the tests.
 */
final class SpinningReader {
    final CountDownLatch inside = new CountDownLatch(1);
    volatile boolean release;
    volatile boolean left;

    void section() {
        inside.countDown();
        while (!release) {
            Thread.onSpinWait(); // CPU-bound, never blocks, never reports: only sampling could clear it
        }
        left = true;
    }

    Thread start(String name) throws InterruptedException {
        Thread t = new Thread(this::section, name);
        t.setDaemon(true);
        t.start();
        inside.await();
        return t;
    }
}
