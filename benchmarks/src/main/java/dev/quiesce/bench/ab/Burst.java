package dev.quiesce.bench.ab;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One submitter thread's bursts, as {@code WorkqueueBench.burst} runs them: {@link #SIZE} tiny items, each a
 * counter decrement, then a park until the last of them unparks the submitter. Written against no executor (the
 * caller's {@code submit}), so that {@link WorkqueueDriver}, loaded once per workqueue version, can share it.
 */
final class Burst {
    static final int SIZE = 1000;

    private final AtomicInteger left = new AtomicInteger();
    private final Runnable item;

    /** For the calling thread: the one its items unpark. */
    Burst() {
        Thread submitter = Thread.currentThread();
        item = () -> {
            if (left.decrementAndGet() == 0) {
                LockSupport.unpark(submitter);
            }
        };
    }

    /** Submits one burst through {@code submit} and waits until all of it ran. */
    void runOnce(Consumer<Runnable> submit) {
        left.set(SIZE);
        for (int i = 0; i < SIZE; i++) {
            submit.accept(item);
        }
        while (left.get() != 0) {
            LockSupport.park(left);
        }
    }
}
