package dev.quiesce.torture;

import dev.quiesce.rcu.Quiescence;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The forward-progress test (rcutorture's {@code rcu_torture_fwd_prog_cr}): every few seconds, flood the
 * domain with call() for a while. Callbacks must keep being invoked during the flood, the flood backs off
 * while {@link #MAX_PENDING} are waiting (so a stuck domain shows as no progress, not as memory exhaustion),
 * and once it stops every callback must run within {@link #DEADLINE_NANOS}. Each violation is an error.
 */
final class ForwardProgressTester implements Runnable {
    private static final long INTERVAL_NANOS = 2_000_000_000L;
    private static final long FLOOD_NANOS = 300_000_000L;
    static final long DEADLINE_NANOS = 5_000_000_000L;
    private static final long MAX_PENDING = 50_000;
    private static final int CHECK_EVERY = 256;

    private final TortureFlavor flavor;
    private final TortureCounters counters;
    private final StopSignal stop;

    ForwardProgressTester(TortureFlavor flavor, TortureCounters counters, StopSignal stop) {
        this.flavor = flavor;
        this.counters = counters;
        this.stop = stop;
    }

    @Override
    public void run() {
        while (stop.pause(INTERVAL_NANOS)) {
            String failure = flood();
            counters.floods.increment();
            if (failure != null) {
                counters.forwardProgressErrors.increment();
                System.out.println("torture: !!! forward progress: " + failure);
            }
        }
    }

    /** One flood; returns what went wrong, or null. */
    private String flood() {
        AtomicLong invoked = new AtomicLong();
        Runnable callback = invoked::incrementAndGet;
        long queued = 0;
        long start = System.nanoTime();
        long lastProgressAt = start;
        long lastInvoked = 0;
        for (long i = 0; !stop.isSet() && System.nanoTime() - start < FLOOD_NANOS; i++) {
            if (queued - invoked.get() < MAX_PENDING) {
                flavor.call(callback);
                queued++;
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
            if (i % CHECK_EVERY == 0) {
                Quiescence.report(); // an updater, never inside a read section
                long now = System.nanoTime();
                long seen = invoked.get();
                if (seen != lastInvoked) {
                    lastInvoked = seen;
                    lastProgressAt = now;
                } else if (queued > seen && now - lastProgressAt > DEADLINE_NANOS) {
                    counters.floodCallbacks.add(queued);
                    return "no callback invoked for " + DEADLINE_NANOS / 1_000_000 + " ms during a flood ("
                            + (queued - seen) + " pending)";
                }
            }
        }
        counters.floodCallbacks.add(queued);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (invoked.get() < queued) {
            if (System.nanoTime() - deadline > 0) {
                return (queued - invoked.get()) + " of " + queued + " flood callbacks not invoked "
                        + DEADLINE_NANOS / 1_000_000 + " ms after the flood";
            }
            LockSupport.parkNanos(this, 1_000_000);
        }
        return null;
    }
}
