package dev.quiesce.torture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately broken domain (rcutorture's {@code busted} ops): every grace period ends the moment it is
 * asked for, so synchronize() returns at once and call() runs its callback in the caller. A torture run
 * against it must end in FAILURE; if it does not, the test has lost its teeth.
 */
final class BustedFlavor implements TortureFlavor {
    private final AtomicLong gracePeriods = new AtomicLong();
    private final AtomicLong callbacks = new AtomicLong();

    @Override
    public String name() {
        return "busted";
    }

    @Override
    public boolean readersMaySleep() {
        return false;
    }

    @Override
    public void registerReaderCode(Class<?> readerCode) {
        // nothing waits for readers
    }

    @Override
    public int readLock() {
        return 0;
    }

    @Override
    public void readUnlock(int token) {
        // nothing to mark
    }

    @Override
    public void synchronize() {
        gracePeriods.incrementAndGet();
    }

    @Override
    public void synchronizeExpedited() {
        gracePeriods.incrementAndGet();
    }

    @Override
    public void call(Runnable callback) {
        gracePeriods.incrementAndGet();
        callbacks.incrementAndGet();
        callback.run();
    }

    @Override
    public void retire(AutoCloseable resource) {
        gracePeriods.incrementAndGet();
        callbacks.incrementAndGet();
        TortureFlavor.closeRetired(resource);
    }

    @Override
    public void barrier() {
        // every callback has already run
    }

    @Override
    public long pollCookie() {
        return gracePeriods.incrementAndGet();
    }

    @Override
    public boolean pollDone(long cookie) {
        return true;
    }

    @Override
    public void synchronizeIfNeeded(long cookie) {
        // already "done"
    }

    @Override
    public long gracePeriodsCompleted() {
        return gracePeriods.get();
    }

    @Override
    public String stats() {
        return "busted{gp=" + gracePeriods.get() + ", callbacks invoked=" + callbacks.get() + "}";
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}
