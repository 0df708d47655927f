package dev.quiesce.torture;

import java.time.Duration;
import java.util.List;

/**
 * The grace-period domain under test, as rcutorture's {@code rcu_torture_ops}: what the writer, the readers
 * and the testers ask of it. {@link TasksFlavor} tortures TasksRcu, {@link TraceFlavor} TasksTraceRcu, and
 * {@link BustedFlavor} is broken on purpose (its grace periods end at once) to show the test can fail.
 */
interface TortureFlavor extends AutoCloseable {
    List<String> NAMES = List.of("tasks", "trace", "busted");

    /** When a grace period this old is reported (the runtime logs it); the torture's stalls are far shorter. */
    Duration STALL_INFO_AFTER = Duration.ofSeconds(5);
    Duration STALL_WARN_AFTER = Duration.ofSeconds(10);

    /** A new domain of the named flavor, one of {@link #NAMES}. */
    static TortureFlavor create(String name) {
        return switch (name) {
            case "tasks" -> new TasksFlavor();
            case "trace" -> new TraceFlavor();
            case "busted" -> new BustedFlavor();
            default -> throw new IllegalArgumentException("unknown flavor \"" + name + "\", expected one of " + NAMES);
        };
    }

    String name();

    /** True if a reader may block or sleep inside a read section. */
    boolean readersMaySleep();

    /** Tells the domain that {@code readerCode}'s frames are read sections (stack sampling), where it samples. */
    void registerReaderCode(Class<?> readerCode);

    /** Begins a read section; returns the token for {@link #readUnlock(int)}. Marks nothing for TASKS. */
    int readLock();

    void readUnlock(int token);

    void synchronize();

    void synchronizeExpedited();

    void call(Runnable callback);

    /** Closes {@code resource} after a grace period. */
    void retire(AutoCloseable resource);

    void barrier();

    long pollCookie();

    boolean pollDone(long cookie);

    void synchronizeIfNeeded(long cookie);

    long gracePeriodsCompleted();

    /** The domain's own statistics, one line. */
    String stats();

    @Override
    void close();

    /** retire() for domains that have only call(): the callback closes the resource. */
    static void closeRetired(AutoCloseable resource) {
        try {
            resource.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing a retired " + resource + " failed", e);
        }
    }
}
