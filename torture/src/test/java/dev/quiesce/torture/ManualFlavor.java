package dev.quiesce.torture;

import java.util.ArrayList;
import java.util.List;

/**
 * A flavor the tests drive by hand: callbacks wait until {@link #runCallbacks()}, grace periods are whatever
 * the test says. Its barrier() either runs the waiting callbacks (correct) or returns at once (broken).
 */
final class ManualFlavor implements TortureFlavor {
    private final boolean barrierWaits;
    private final List<Runnable> pending = new ArrayList<>();
    private long gracePeriods;

    ManualFlavor(boolean barrierWaits) {
        this.barrierWaits = barrierWaits;
    }

    /** Ends one grace period: runs every callback queued before this call. */
    void runCallbacks() {
        List<Runnable> batch;
        synchronized (this) {
            batch = new ArrayList<>(pending);
            pending.clear();
            gracePeriods++;
        }
        batch.forEach(Runnable::run);
    }

    synchronized int pendingCallbacks() {
        return pending.size();
    }

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public boolean readersMaySleep() {
        return true;
    }

    @Override
    public void registerReaderCode(Class<?> readerCode) {
    }

    @Override
    public int readLock() {
        return 0;
    }

    @Override
    public void readUnlock(int token) {
    }

    @Override
    public void synchronize() {
        runCallbacks();
    }

    @Override
    public void synchronizeExpedited() {
        runCallbacks();
    }

    @Override
    public synchronized void call(Runnable callback) {
        pending.add(callback);
    }

    @Override
    public void retire(AutoCloseable resource) {
        call(() -> TortureFlavor.closeRetired(resource));
    }

    @Override
    public void barrier() {
        if (barrierWaits) {
            runCallbacks();
        }
    }

    @Override
    public synchronized long pollCookie() {
        return gracePeriods + 1;
    }

    @Override
    public synchronized boolean pollDone(long cookie) {
        return gracePeriods >= cookie;
    }

    @Override
    public void synchronizeIfNeeded(long cookie) {
        while (!pollDone(cookie)) {
            runCallbacks();
        }
    }

    @Override
    public synchronized long gracePeriodsCompleted() {
        return gracePeriods;
    }

    @Override
    public String stats() {
        return "manual{gp=" + gracePeriodsCompleted() + "}";
    }

    @Override
    public void close() {
    }
}
