package dev.quiesce.torture;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The barrier test (rcutorture's {@code rcu_torture_barrier}): queue a few callbacks, call barrier(), and
 * check that every one of them has run by the time it returns. Each shortfall is a barrier error.
 */
final class BarrierTester implements Runnable {
    private static final int MAX_CALLBACKS = 32;

    private final TortureFlavor flavor;
    private final TortureCounters counters;
    private final StopSignal stop;

    BarrierTester(TortureFlavor flavor, TortureCounters counters, StopSignal stop) {
        this.flavor = flavor;
        this.counters = counters;
        this.stop = stop;
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (stop.pause(random.nextLong(1_000_000, 10_000_000))) {
            int queued = 1 + random.nextInt(MAX_CALLBACKS);
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < queued; i++) {
                flavor.call(ran::incrementAndGet);
            }
            flavor.barrier();
            counters.barrierTests.increment();
            int seen = ran.get();
            if (seen != queued) {
                counters.barrierErrors.increment();
                System.out.println("torture: !!! barrier() returned after " + seen + " of " + queued
                        + " callbacks had run");
            }
        }
    }
}
