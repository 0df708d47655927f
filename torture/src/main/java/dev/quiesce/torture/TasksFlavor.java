package dev.quiesce.torture;

import dev.quiesce.rcu.CallbackExecutor;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.wq.Workqueue;
import dev.quiesce.wq.Workqueues;
import java.time.Duration;

/**
 * The tasks flavor: a private {@link TasksRcu} domain. Readers mark nothing; the domain finds quiescent states
 * through reports, offline periods, thread states and stack samples of the registered reader code. The
 * first sample comes after 1 ms, so the CPU-bound holdout readers are cleared quickly. Its callbacks and
 * retirements run on a reclaim queue whose workers come from {@link CreationFaults#FACTORY}: worker creation
 * fails in the phases the run sets, and the queue's rescuer must carry them.
 */
final class TasksFlavor extends DomainFlavor {
    private final TasksRcu domain;
    /** The domain's callback queue, kept for its counters (it leaves Workqueues.open() when it closes). */
    private final Workqueue callbackQueue;

    TasksFlavor() {
        this(TasksRcu.builder()
                .name("torture")
                .firstSampleDelay(Duration.ofMillis(1))
                .stallInfoAfter(STALL_INFO_AFTER)
                .stallWarnAfter(STALL_WARN_AFTER)
                .callbackExecutor(name -> CallbackExecutor.reclaimQueue("cb-" + name, CreationFaults.FACTORY))
                .build());
    }

    private TasksFlavor(TasksRcu domain) {
        super(domain);
        this.domain = domain;
        this.callbackQueue = Workqueues.open().stream().filter(w -> w.name().equals("cb-torture")).findFirst()
                .orElse(null);
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
        Workqueue q = callbackQueue;
        return domain.stats() + (q == null ? "" : "; callback queue: " + q.rescued() + " batches rescued, "
                + q.workerCreationFailures() + " worker creations failed");
    }
}
