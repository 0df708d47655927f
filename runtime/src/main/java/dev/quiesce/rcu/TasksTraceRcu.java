package dev.quiesce.rcu;

import java.time.Duration;
import java.util.Objects;

/**
 * A domain of sleepable read sections: readers may block, and say where their sections begin and end.
 *
 * <pre>{@code
 * int token = trace.readLock();
 * try {
 *     Handler h = current.getAcquire();   // may block while using h
 *     h.handle(event);
 * } finally {
 *     trace.readUnlock(token);
 * }
 * }</pre>
 *
 * <p>{@link #synchronize()} waits for every section begun before it. The read side costs a thread-local
 * lookup, one counter store and one full fence to lock, and a table read and a release store to unlock.
 * The token names the thread's counters and the index the section was counted under;
 * {@link #readUnlock(int)} must run on the thread that locked (a virtual thread may unmount and move
 * carriers in between).
 */
public final class TasksTraceRcu implements GracePeriodDomain {
    private final TraceGracePeriod engine;
    private final GracePeriodDriver driver;
    private final ThreadLocal<TraceReader> local;

    private TasksTraceRcu(String name, Duration stallInfoAfter, Duration stallWarnAfter) {
        engine = new TraceGracePeriod(name, stallInfoAfter.toNanos(), stallWarnAfter.toNanos());
        local = new ThreadLocal<>(); // filled by the first readLock() only: callers of synchronize() get none
        CallbackExecutor executor = CallbackExecutor.reclaimQueue("cb-" + name);
        try {
            driver = new GracePeriodDriver(name, new MisuseCheck(), executor, Threads.gracePeriodThreads(name),
                    JvmThreadView.INSTANCE);
            driver.start();
        } catch (RuntimeException | Error e) {
            executor.close();
            throw e;
        }
    }

    /** A domain with default stall reporting (info after 10 s, warning after 60 s). */
    public static TasksTraceRcu create(String name) {
        return create(name, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    public static TasksTraceRcu create(String name, Duration stallInfoAfter, Duration stallWarnAfter) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("domain name must be 1 to 64 non-blank characters, got \"" + name + "\"");
        }
        TasksTuning.positive("stallInfoAfter", stallInfoAfter, false);
        TasksTuning.positive("stallWarnAfter", stallWarnAfter, false);
        return new TasksTraceRcu(name, stallInfoAfter, stallWarnAfter);
    }

    public String name() {
        return driver.name;
    }

    /** {@code -Dquiesce.test.hooks=true} (the runtime's tests): a constant, so the hook below folds away otherwise. */
    static final boolean TEST_HOOKS = Boolean.getBoolean("quiesce.test.hooks");
    /** Tests only: the next unlock's calls overflow the stack. */
    static volatile boolean overflowNextUnlockForTest;

    /** Begins a read section; returns the token to pass to {@link #readUnlock(int)}. */
    public int readLock() {
        TraceReader r = local.get();
        if (r == null) {
            r = engine.register(Thread.currentThread());
            local.set(r);
        }
        int idx = engine.lvIndexOpaque() & 1;
        r.lock(idx);
        return (r.slot << 1) | idx;
    }

    /**
     * Ends the read section begun with {@code token}.
     *
     * <p>Called where the stack is nearly exhausted (a {@code finally} unwinding a {@link StackOverflowError}),
     * the unlock's own calls may overflow. Once the reader is found to be this thread's, such an overflow still
     * closes the section, by code that makes no call (a call needs a frame, and there is no room for one), and
     * the error goes on. An overflow at the entry of this method itself, which is where it lands once the JIT
     * has compiled the caller, cannot be covered by any code of this method (docs/memory-ordering.md, "No room to
     * unlock"): the grace period closes such a section once its thread ended, or, with
     * {@link #closeSectionsLeftOpen}, once a sample shows the thread outside every frame that may hold one.
     *
     * @throws IllegalArgumentException if {@code token} did not come from {@link #readLock()}
     * @throws IllegalStateException if this thread has no open section with that token (or the token is
     *         another thread's)
     */
    public void readUnlock(int token) {
        TraceReader own = null; // this thread's reader, its count not yet stored: the fallback may store it
        try {
            TraceReader[] s = engine.slots; // field reads, no call
            int slot = token >>> 1;
            TraceReader r = token >= 0 && slot < s.length ? s[slot] : null;
            if (r == null) {
                throw new IllegalArgumentException("not a read-lock token of \"" + driver.name + "\": " + token);
            }
            if (r.owner == Thread.currentThread()) {
                own = r;
                if (TEST_HOOKS && overflowNextUnlockForTest) {
                    overflowNextUnlockForTest = false;
                    throw new StackOverflowError("injected by a test");
                }
                if (r.unlock(token & 1)) {
                    return;
                }
                own = null; // refused below: nothing to store
            }
            throw new IllegalStateException("readUnlock(" + token + ") on thread \"" + Thread.currentThread().getName()
                    + "\" without a matching readLock() of \"" + driver.name + "\" on this thread");
        } catch (StackOverflowError e) {
            if (own != null) {
                // Field accesses only: TraceReader.unlock's check and store (a volatile store: a release, as its
                // setRelease), for this thread's own reader. Its store is the last thing it does, so an overflow
                // never follows it: the count is stored once.
                if ((token & 1) == 0) {
                    if (own.unlock0 < own.lock0) {
                        own.unlock0 = own.unlock0 + 1;
                    }
                } else if (own.unlock1 < own.lock1) {
                    own.unlock1 = own.unlock1 + 1;
                }
            }
            throw e;
        }
    }

    /**
     * Lets grace periods close read sections that a live thread left open without an unlock, which would
     * otherwise hold every later grace period of this domain forever. HotSpot can make an unlock impossible: a
     * {@code finally} unwinding a {@link StackOverflowError} in the deepest frames cannot call
     * {@link #readUnlock(int)} at all (docs/memory-ordering.md, "No room to unlock").
     *
     * <p>{@code frameMayHoldSection} names the stack frames in which a section of this domain may be open: every
     * {@code readLock()}/{@code readUnlock()} pair of this domain must run while such a frame is on the calling
     * thread's stack (for example the frame of the method that locks and unlocks). A grace period that has waited
     * for a thread at least 10 ms samples its stack (then at most every 100 ms); if no frame of the whole sample
     * satisfies the predicate, the sections counted before the sample were left open, and it closes them, with a
     * warning naming the thread. A predicate that accepts too little closes a live section early, so it must
     * err towards true; one that throws closes nothing. Sections of a thread that ended are always closed, with
     * or without a predicate.
     */
    public void closeSectionsLeftOpen(java.util.function.Predicate<StackTraceElement> frameMayHoldSection) {
        engine.closeSectionsLeftOpen(Objects.requireNonNull(frameMayHoldSection, "frameMayHoldSection"));
    }

    /** True if the calling thread is inside a read section of this domain. */
    public boolean inReadSection() {
        TraceReader r = local.get();
        return r != null && r.openSections() != 0;
    }

    /**
     * Waits for every read section begun before this call. Uninterruptible.
     *
     * @throws IllegalStateException inside a read section of this domain, from a callback, or after close
     */
    public void synchronize() {
        driver.synchronize(false);
    }

    public void synchronizeExpedited() {
        driver.synchronize(true);
    }

    /** Runs {@code callback} after a grace period; see {@link TasksRcu#call(Runnable)}. */
    public void call(Runnable callback) {
        driver.call(callback);
    }

    public void barrier() {
        driver.barrier();
    }

    public long pollCookie() {
        return driver.request(false);
    }

    public boolean pollDone(long cookie) {
        return driver.done(cookie);
    }

    public void synchronizeIfNeeded(long cookie) {
        driver.synchronizeIfNeeded(cookie);
    }

    public TasksTraceRcuStats stats() {
        return new TasksTraceRcuStats(driver.name, driver.completed(), driver.latency.snapshot(),
                engine.readerCount(), engine.waits(), engine.barriers(), engine.stalls().infos(), engine.stalls().warnings(),
                driver.callbacksQueued(), driver.callbacksInvoked(), driver.callbacksFailed(),
                engine.closedForTheirThreads());
    }

    @Override
    public void close() {
        driver.close();
    }

    public boolean isClosed() {
        return driver.isClosed();
    }

    @Override
    public String toString() {
        return "TasksTraceRcu[" + driver.name + "]";
    }

    /** The engine, plus the check that a caller is not waiting for its own read section. */
    private final class MisuseCheck implements GracePeriodFlavor {
        @Override
        public void await(long seq, GracePeriodDriver.Control control) {
            engine.await(seq, control);
        }

        @Override
        public void checkMayWait() {
            TraceReader r = local.get();
            if (r != null && r.openSections() != 0) {
                throw new IllegalStateException("synchronize() called inside a read section of TasksTraceRcu \""
                        + driver.name + "\" on thread \"" + Thread.currentThread().getName()
                        + "\": it would wait for itself");
            }
        }

        @Override
        public String phase() {
            return engine.phase();
        }
    }
}
