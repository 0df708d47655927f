package dev.quiesce.rcu;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * A tasks-RCU domain: waits for every thread that may still be inside a TASKS read section.
 *
 * <p>A TASKS reader is code that never blocks, parks, sleeps, waits, yields or does I/O (a trampoline
 * handler); it marks nothing on entry or exit. An updater unlinks an object (a volatile or release store,
 * or a relinked call site), then calls {@link #synchronize()} or {@link #call(Runnable)}: when the grace
 * period ends, no thread can still use what was unlinked. Readers must load protected references with
 * acquire (or volatile) semantics inside a frame that {@link #readerFrames()} recognises, if sampling is
 * to clear them, and must not let the references escape the read section.
 *
 * <p>Grace periods are run by one dedicated thread per domain, as the phases of {@link Phase}; concurrent
 * callers share them. {@link #tasks()} is the process-wide domain; {@link #builder()} makes private ones.
 * The full algorithm is in docs/grace-period.md; why it is correct is in docs/memory-ordering.md.
 */
public final class TasksRcu implements GracePeriodDomain {
    private final GracePeriodDriver driver;
    private final TasksGracePeriod engine;
    private final ReaderFrames readerFrames;
    private final boolean processWide;
    private final RetirePages retirePages;

    private TasksRcu(Builder b, boolean processWide) {
        this.processWide = processWide;
        this.readerFrames = b.readerFrames;
        this.engine = new TasksGracePeriod(b.name, b.view, QsRegistry.INSTANCE, b.readerFrames, b.tuning());
        CallbackExecutor executor = b.executor != null ? b.executor.apply(b.name)
                : CallbackExecutor.reclaimQueue("cb-" + b.name);
        ThreadFactory factory = b.threadFactory != null ? b.threadFactory : Threads.gracePeriodThreads(b.name);
        GracePeriodDriver d;
        try {
            d = new GracePeriodDriver(b.name, engine, executor, factory, b.view);
            engine.setSelf(d.thread());
            d.start();
        } catch (RuntimeException | Error e) {
            executor.close();
            throw e;
        }
        this.driver = d;
        this.retirePages = new RetirePages(this, b.pageAllocator, b.maxRetirePages, b.retireDrainHook);
    }

    /** The process-wide domain, started on first use; it cannot be closed. */
    public static TasksRcu tasks() {
        return ProcessWide.INSTANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return driver.name;
    }

    /** The frames sampling treats as read sections of this domain; register reader code here. */
    public ReaderFrames readerFrames() {
        return readerFrames;
    }

    /**
     * Waits until every thread that may be inside a TASKS read section begun before this call has left it.
     * Uninterruptible: an interrupt is kept and restored on return.
     *
     * @throws IllegalStateException from a callback of any domain, from the grace-period thread, or after
     *         {@link #close()}
     */
    public void synchronize() {
        driver.synchronize(false);
    }

    /** {@link #synchronize()} with tighter backoff and immediate sampling of holdouts. */
    public void synchronizeExpedited() {
        driver.synchronize(true);
    }

    /**
     * Runs {@code callback} once a grace period that starts after this call has ended, on the domain's
     * callback executor. Callbacks are batched by grace period and run in order; one that throws is logged
     * and counted, and the rest still run.
     *
     * @throws IllegalStateException after {@link #close()}: the callback is refused, never dropped
     */
    public void call(Runnable callback) {
        driver.call(callback);
    }

    /**
     * Closes {@code resource} after a grace period (the kfree_rcu analog): resources are batched into
     * preallocated pages, one callback per page. A flood is throttled and its memory bounded: when no page can
     * be had, the caller waits for a grace period itself and closes the resource directly. A close that throws
     * is logged and counted ({@link TasksRcuStats#retireFailures()}).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void retire(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        if (driver.isClosed()) {
            throw new IllegalStateException("grace-period domain \"" + driver.name + "\" is closed; retire refused");
        }
        retirePages.retire(resource);
    }

    /** Waits until every callback queued before this call has run. Starts no grace period of its own. */
    public void barrier() {
        retirePages.flush(); // retirements waiting in partly filled pages become callbacks first
        driver.barrier();
    }

    /**
     * A cookie for the first grace period that starts after this call, and a request that it runs. Pass it
     * to {@link #pollDone(long)} or {@link #synchronizeIfNeeded(long)}.
     */
    public long pollCookie() {
        return driver.request(false);
    }

    /**
     * True once the grace period named by {@code cookie} has ended. A thread that polls in a loop must let
     * the grace period see it quiescent between polls (sleep, park, or {@link Quiescence#report()}): a
     * busy loop that does none of these is a holdout of the very grace period it waits for.
     */
    public boolean pollDone(long cookie) {
        return driver.done(cookie);
    }

    /** Returns at once if the cookie's grace period has ended, else waits for it. */
    public void synchronizeIfNeeded(long cookie) {
        driver.synchronizeIfNeeded(cookie);
    }

    public TasksRcuStats stats() {
        StallReporter s = engine.stalls();
        return new TasksRcuStats(driver.name, driver.completed(), driver.expeditedCompleted(),
                driver.latency.snapshot(), engine.holdoutsSeen(), engine.samplesTaken(), engine.samplesCleared(),
                engine.progressClears(), engine.idleClears(), s.infos(), s.warnings(), driver.callbacksQueued(),
                driver.callbacksInvoked(), driver.callbacksFailed(), retirePages.closedCount(),
                retirePages.failedCount(), retirePages.inlineCount(), retirePages.pagesInUse(), engine.phase());
    }

    /**
     * Refuses new requests, runs every callback already accepted (after its grace period), and stops the
     * domain's threads. Idempotent.
     *
     * @throws UnsupportedOperationException for the process-wide domain
     */
    @Override
    public void close() {
        if (processWide) {
            throw new UnsupportedOperationException("the process-wide domain \"tasks\" cannot be closed");
        }
        if (!driver.isClosed()) {
            retirePages.close(); // before the driver refuses calls: the last pages still need them
        }
        driver.close();
    }

    public boolean isClosed() {
        return driver.isClosed();
    }

    @Override
    public String toString() {
        return "TasksRcu[" + driver.name + "]";
    }

    /** Builds a private domain. */
    public static final class Builder {
        private String name = "private";
        private Function<String, CallbackExecutor> executor;
        private ThreadFactory threadFactory;
        private ReaderFrames readerFrames = new ReaderFrames();
        private ThreadView view = JvmThreadView.INSTANCE;
        private Duration firstSampleDelay;
        private Duration stallInfoAfter;
        private Duration stallWarnAfter;
        private Integer samplesPerSecond;
        private RetirePages.Allocator pageAllocator = RetirePages.HEAP;
        private int maxRetirePages = 1024;
        private Runnable retireDrainHook = () -> { };

        private Builder() {}

        /** For tests: runs in each retire-drain item between taking a stripe's page and handing it over. */
        Builder retireDrainHook(Runnable hook) {
            this.retireDrainHook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** For tests: where retire() pages come from, and how many may exist. */
        Builder retirePages(RetirePages.Allocator allocator, int maxPages) {
            this.pageAllocator = Objects.requireNonNull(allocator, "allocator");
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
            }
            this.maxRetirePages = maxPages;
            return this;
        }

        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 64) {
                throw new IllegalArgumentException("domain name must be 1 to 64 non-blank characters, got \""
                        + name + "\"");
            }
            this.name = name;
            return this;
        }

        /** Where callbacks run; called once with the domain's name. Default: a dedicated daemon thread. */
        public Builder callbackExecutor(Function<String, CallbackExecutor> factory) {
            this.executor = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Creates the grace-period thread. Default: a daemon thread named {@code quiesce-gp-<name>}. */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Shares a {@link ReaderFrames} with other domains or with the code that registers readers. */
        public Builder readerFrames(ReaderFrames frames) {
            this.readerFrames = Objects.requireNonNull(frames, "frames");
            return this;
        }

        /** How old a holdout must be before a normal grace period samples its stack. Default 2 ms. */
        public Builder firstSampleDelay(Duration d) {
            TasksTuning.positive("firstSampleDelay", d, true);
            this.firstSampleDelay = d;
            return this;
        }

        /** Rate limit of stack samples. Default 2000 per second. */
        public Builder samplesPerSecond(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("samplesPerSecond must be at least 1, got " + n);
            }
            this.samplesPerSecond = n;
            return this;
        }

        /** Age of the first informational stall line (later ones at 4x, 16x, ...). Default 10 s. */
        public Builder stallInfoAfter(Duration d) {
            TasksTuning.positive("stallInfoAfter", d, false);
            this.stallInfoAfter = d;
            return this;
        }

        /** Age of the first stall warning with every holdout's stack (repeated at 2x, 4x, ...). Default 60 s. */
        public Builder stallWarnAfter(Duration d) {
            TasksTuning.positive("stallWarnAfter", d, false);
            this.stallWarnAfter = d;
            return this;
        }

        Builder threadView(ThreadView v) {
            this.view = Objects.requireNonNull(v);
            return this;
        }

        TasksTuning tuning() {
            TasksTuning d = TasksTuning.defaults();
            return new TasksTuning(firstSampleDelay != null ? firstSampleDelay : d.firstSampleDelay(),
                    d.maxBackoff(), d.expeditedMaxBackoff(),
                    samplesPerSecond != null ? samplesPerSecond : d.samplesPerSecond(), d.maxSampleBackoff(),
                    stallInfoAfter != null ? stallInfoAfter : d.stallInfoAfter(),
                    stallWarnAfter != null ? stallWarnAfter : d.stallWarnAfter());
        }

        /**
         * Starts the domain's grace-period and callback threads.
         *
         * @throws IllegalArgumentException if the stall warning would come before the first info line
         */
        public TasksRcu build() {
            TasksTuning t = tuning();
            if (t.stallWarnAfter().compareTo(t.stallInfoAfter()) < 0) {
                throw new IllegalArgumentException("stallWarnAfter (" + t.stallWarnAfter()
                        + ") must not be shorter than stallInfoAfter (" + t.stallInfoAfter() + ")");
            }
            return new TasksRcu(this, false);
        }
    }

    private static final class ProcessWide {
        static final TasksRcu INSTANCE = new TasksRcu(configured(new Builder().name("tasks")), true);

        /**
         * System properties {@code quiesce.rcu.stallInfoMillis} and {@code quiesce.rcu.stallWarnMillis} set the
         * process-wide domain's stall thresholds (it is built before anyone could configure it); a malformed or
         * non-positive value is reported on stderr and the default kept.
         */
        private static Builder configured(Builder b) {
            Long info = millis("quiesce.rcu.stallInfoMillis");
            Long warn = millis("quiesce.rcu.stallWarnMillis");
            if (info != null) {
                b.stallInfoAfter(Duration.ofMillis(info));
            }
            if (warn != null) {
                b.stallWarnAfter(Duration.ofMillis(warn));
            }
            return b;
        }

        private static Long millis(String property) {
            String v = System.getProperty(property);
            if (v == null) {
                return null;
            }
            try {
                long ms = Long.parseLong(v.trim());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            System.err.println("quiesce: ignoring " + property + "=" + v + " (expected a positive number of ms)");
            return null;
        }
    }
}
