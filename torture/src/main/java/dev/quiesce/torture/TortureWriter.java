package dev.quiesce.torture;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer (rcutorture's {@code rcu_torture_writer}): allocates an element, prepares it, publishes it in
 * place of the current one, and retires the old one through each grace-period path in turn.
 *
 * <ul>
 *   <li>synchronize, expedited, cookie: the writer waits for a grace period itself, ticks the
 *       {@link GracePeriodClock}, puts the old element on its removed list and advances every element on
 *       that list by one stage (rcutorture's {@code rcu_torture_pipe_update}); the cookie path alternates
 *       between polling {@code pollDone} and {@code synchronizeIfNeeded};</li>
 *   <li>call, retire: the old element goes to a {@link DeferredFree} chain, advanced by callbacks.</li>
 * </ul>
 */
final class TortureWriter implements Runnable {
    enum Path { SYNCHRONIZE, EXPEDITED, CALL, COOKIE, RETIRE }

    private static final Path[] ROTATION = Path.values();
    private static final long POLL_NANOS = 50_000;

    private final TortureFlavor flavor;
    private final PublishedElement current;
    private final ElementPool pool;
    private final GracePeriodClock clock;
    private final DeferredFree callPath;
    private final DeferredFree retirePath;
    private final TortureCounters counters;
    private final StopSignal stop;
    /** Unpublished elements the writer advances itself after each of its waits. */
    private final List<TortureElement> removed = new ArrayList<>();

    TortureWriter(TortureFlavor flavor, PublishedElement current, ElementPool pool, GracePeriodClock clock,
            DeferredFree callPath, DeferredFree retirePath, TortureCounters counters, StopSignal stop) {
        this.flavor = flavor;
        this.current = current;
        this.pool = pool;
        this.clock = clock;
        this.callPath = callPath;
        this.retirePath = retirePath;
        this.counters = counters;
        this.stop = stop;
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long update = 0; !stop.isSet(); update++) {
            TortureElement next = pool.allocate();
            if (next == null) {
                // Everything is published or in the pipe: wait for a grace period to move the pipe along.
                counters.allocationFailures.increment();
                flavor.synchronize();
                gracePeriodEnded(null);
                continue;
            }
            next.prepareForPublication();
            TortureElement old = current.publish(next);
            counters.updates.increment();
            retire(old, ROTATION[(int) (update % ROTATION.length)], (update / ROTATION.length) % 2 == 0);
            stop.pause(random.nextLong(100_000, 500_000));
        }
    }

    private void retire(TortureElement old, Path path, boolean pollCookie) {
        switch (path) {
            case SYNCHRONIZE -> {
                flavor.synchronize();
                gracePeriodEnded(old);
            }
            case EXPEDITED -> {
                flavor.synchronizeExpedited();
                gracePeriodEnded(old);
            }
            case COOKIE -> {
                long cookie = flavor.pollCookie();
                if (pollCookie) {
                    // Keep polling after a stop: the old element must not reach the list before its grace period.
                    while (!flavor.pollDone(cookie)) {
                        LockSupport.parkNanos(this, POLL_NANOS);
                    }
                } else {
                    flavor.synchronizeIfNeeded(cookie);
                }
                gracePeriodEnded(old);
            }
            case CALL -> callPath.start(old);
            case RETIRE -> retirePath.start(old);
        }
    }

    /** After one of the writer's own waits: tick the clock, then advance the removed list by one stage. */
    private void gracePeriodEnded(TortureElement old) {
        clock.tick();
        if (old != null) {
            removed.add(old);
        }
        for (Iterator<TortureElement> it = removed.iterator(); it.hasNext(); ) {
            if (pool.advance(it.next())) {
                it.remove();
            }
        }
    }
}
