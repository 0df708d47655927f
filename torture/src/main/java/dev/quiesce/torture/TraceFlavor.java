package dev.quiesce.torture;

import dev.quiesce.rcu.TasksTraceRcu;

/**
 * The trace flavor: a {@link TasksTraceRcu} domain. Readers lock and unlock, and may sleep inside a section.
 * The domain has no retire(), so the retire path is a callback that closes the element.
 */
final class TraceFlavor implements TortureFlavor {
    private final TasksTraceRcu domain = TasksTraceRcu.create("torture", STALL_INFO_AFTER, STALL_WARN_AFTER);

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public boolean readersMaySleep() {
        return true;
    }

    @Override
    public void registerReaderCode(Class<?> readerCode) {
        // sections are counted, never sampled
    }

    @Override
    public int readLock() {
        return domain.readLock();
    }

    @Override
    public void readUnlock(int token) {
        domain.readUnlock(token);
    }

    @Override
    public void synchronize() {
        domain.synchronize();
    }

    @Override
    public void synchronizeExpedited() {
        domain.synchronizeExpedited();
    }

    @Override
    public void call(Runnable callback) {
        domain.call(callback);
    }

    @Override
    public void retire(AutoCloseable resource) {
        domain.call(() -> TortureFlavor.closeRetired(resource));
    }

    @Override
    public void barrier() {
        domain.barrier();
    }

    @Override
    public long pollCookie() {
        return domain.pollCookie();
    }

    @Override
    public boolean pollDone(long cookie) {
        return domain.pollDone(cookie);
    }

    @Override
    public void synchronizeIfNeeded(long cookie) {
        domain.synchronizeIfNeeded(cookie);
    }

    @Override
    public long gracePeriodsCompleted() {
        return domain.stats().gracePeriodsCompleted();
    }

    @Override
    public String stats() {
        return domain.stats().toString();
    }

    @Override
    public void close() {
        domain.close();
    }
}
