package dev.quiesce.torture;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A thread that asks for grace periods without updating anything (rcutorture's fake writers): every few
 * milliseconds a synchronize, an expedited one, or a cookie polled or waited for, so that the writer's
 * requests share grace periods with other callers and expedited requests arrive in the middle of normal ones.
 */
final class FakeWriter implements Runnable {
    private static final long POLL_NANOS = 100_000;

    private final TortureFlavor flavor;
    private final StopSignal stop;

    FakeWriter(TortureFlavor flavor, StopSignal stop) {
        this.flavor = flavor;
        this.stop = stop;
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (stop.pause(random.nextLong(500_000, 3_000_000))) {
            switch (random.nextInt(4)) {
                case 0 -> flavor.synchronize();
                case 1 -> flavor.synchronizeExpedited();
                case 2 -> flavor.synchronizeIfNeeded(flavor.pollCookie());
                default -> {
                    long cookie = flavor.pollCookie();
                    while (!flavor.pollDone(cookie) && stop.pause(POLL_NANOS)) {
                        // polling, as an updater that has other work would
                    }
                }
            }
        }
    }
}
