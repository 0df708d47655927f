package dev.quiesce.agent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/** Threads that call a method in a loop and count their calls, until stopped. */
final class Hammer {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long sink;

    Hammer(int n, boolean virtual, LongUnaryOperator call) {
        for (int i = 0; i < n; i++) {
            Runnable r = () -> {
                long local = 0;
                long s = 0;
                while (!stop.get()) {
                    s += call.applyAsLong(local++);
                }
                calls.addAndGet(local);
                sink = s;
            };
            Thread t = virtual ? VirtualThreads.start(r) : new Thread(r, "hammer-" + i);
            if (!virtual) {
                t.setDaemon(true);
                t.start();
            }
            threads.add(t);
        }
    }

    /** Stops the threads, waits for them, and returns the calls they made. */
    long stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
            if (t.isAlive()) {
                throw new AssertionError(t + " did not stop");
            }
        }
        return calls.get();
    }

    long sink() {
        return sink;
    }
}
