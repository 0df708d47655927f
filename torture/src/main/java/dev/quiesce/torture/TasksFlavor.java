package dev.quiesce.torture;

import dev.quiesce.rcu.TasksRcu;
import java.time.Duration;

/**
 * The tasks flavor: a private {@link TasksRcu} domain. Readers mark nothing; the domain finds quiescent states
 * through reports, offline periods, thread states and stack samples of the registered reader code. The
 * first sample comes after 1 ms, so the CPU-bound holdout readers are cleared quickly.
 */
final class TasksFlavor extends DomainFlavor {
    private final TasksRcu domain;

    TasksFlavor() {
        this(TasksRcu.builder()
                .name("torture")
                .firstSampleDelay(Duration.ofMillis(1))
                .stallInfoAfter(STALL_INFO_AFTER)
                .stallWarnAfter(STALL_WARN_AFTER)
                .build());
    }

    private TasksFlavor(TasksRcu domain) {
        super(domain);
        this.domain = domain;
    }

    @Override
    public String name() {
        return "tasks";
    }

    @Override
    public boolean readersMaySleep() {
        return false;
    }

    @Override
    public void registerReaderCode(Class<?> readerCode) {
        domain.readerFrames().add(readerCode);
    }

    @Override
    public int readLock() {
        return 0;
    }

    @Override
    public void readUnlock(int token) {
        // TASKS readers mark nothing on exit either
    }

    @Override
    public void retire(AutoCloseable resource) {
        domain.retire(resource);
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
