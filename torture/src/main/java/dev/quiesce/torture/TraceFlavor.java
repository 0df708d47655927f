package dev.quiesce.torture;

import dev.quiesce.rcu.TasksTraceRcu;

/**
 * The trace flavor: a {@link TasksTraceRcu} domain. Readers lock and unlock, and may sleep inside a section.
 * The domain has no retire(), so the retire path is a callback that closes the element.
 */
final class TraceFlavor extends DomainFlavor {
    private final TasksTraceRcu domain;

    TraceFlavor() {
        this(TasksTraceRcu.create("torture", STALL_INFO_AFTER, STALL_WARN_AFTER));
    }

    private TraceFlavor(TasksTraceRcu domain) {
        super(domain);
        this.domain = domain;
    }

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
    public void retire(AutoCloseable resource) {
        domain.call(() -> TortureFlavor.closeRetired(resource));
    }

    @Override
    public long gracePeriodsCompleted() {
        return domain.stats().gracePeriodsCompleted();
    }

    @Override
    public String stats() {
        return domain.stats().toString();
    }
}
