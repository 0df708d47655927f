package dev.quiesce.rcu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * What the jcstress tests share: the runtime's real grace-period pieces, set up so one test iteration can
 * drive them directly, and handles on the private fields the *Broken twins write without a fence.
 *
 * <p>The tests live in {@code dev.quiesce.rcu} because the pieces they exercise are package-private. The
 * private handles rely on the runtime and these tests sharing the unnamed module (the classpath), which the
 * uber jar guarantees.
 */
final class StressSupport {
    private StressSupport() {}

    /** The pointer's value before the unlink: the element a reader must not use after the grace period. */
    static final Object OLD = new Object();
    /** The pointer's value after the unlink. */
    static final Object NEW = new Object();

    /**
     * A tasks engine whose only use here is {@link TasksGracePeriod#phasePreGp()}, the fence that starts each
     * tasks grace period. It sees no threads.
     */
    static final TasksGracePeriod TASKS_ENGINE =
            new TasksGracePeriod("jcstress", new NoThreads(), QsRegistry.INSTANCE, new ReaderFrames(),
                    TasksTuning.defaults());

    /** The scan's and the recheck's decision for one holdout, given its word at the scan and later. */
    static boolean creditedQuiescentState(long snapshot, long now) {
        // TasksGracePeriod.phaseScan skips a thread whose word is offline at the scan; recheck() clears a
        // holdout whose word moved or went offline since.
        return (snapshot & QsRecord.OFFLINE) != 0 || QsRecord.passedQuiescentState(snapshot, now);
    }

    // ---- GracePeriodDriver, without its thread --------------------------------------------------------

    private static final Thread NEVER_STARTED = new Thread(() -> { }, "quiesce-jcstress-unstarted");
    private static final CallbackExecutor NO_CALLBACKS = new CallbackExecutor() {
        @Override
        public void execute(Runnable batch) {
            throw new IllegalStateException("no callbacks in these tests");
        }

        @Override
        public void close() { }
    };
    private static final ThreadView CLOCK = new NoThreads();

    /**
     * The flavor of the cookie tests: a grace period whose pre-scan fence is the real
     * {@link TasksGracePeriod#phasePreGp()} and whose observation is one load of the protected pointer.
     */
    static final class ObservingFlavor implements GracePeriodFlavor {
        @SuppressWarnings("unused") // accessed through POINTER
        private Object pointer = OLD;
        /** Written and read by the driver actor only. */
        boolean observedUnlink;

        /** The caller's unlink (rcu_assign_pointer). */
        void unlink() {
            POINTER.setRelease(this, NEW);
        }

        @Override
        public void await(long seq, GracePeriodDriver.Control control) {
            TASKS_ENGINE.phasePreGp();
            observedUnlink = POINTER.getAcquire(this) == NEW;
        }

        @Override
        public String phase() {
            return "jcstress";
        }

        private static final VarHandle POINTER;

        static {
            try {
                POINTER = MethodHandles.lookup().findVarHandle(ObservingFlavor.class, "pointer", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** A driver that is never started: the test's driver actor runs its grace periods through {@link #runOne}. */
    static GracePeriodDriver driver(GracePeriodFlavor flavor) {
        return new GracePeriodDriver("jcstress", flavor, NO_CALLBACKS, r -> NEVER_STARTED, CLOCK);
    }

    /** The driver's own {@code runOne}: store {@code started}, fence, run the flavor, store {@code completed}. */
    static void runOne(GracePeriodDriver d) {
        try {
            RUN_ONE.invokeExact(d, false); // as a caller of synchronize() runs it: no callback batch
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- TasksTraceRcu readers ----------------------------------------------------------------------------

    /**
     * A reader of {@code engine}, registered, owned by the calling thread (the state's constructor; the
     * reader actor takes it over with the state).
     */
    static TraceReader traceReader(TraceGracePeriod engine) {
        return engine.register(Thread.currentThread());
    }

    // ---- private fields the *Broken twins write or read without the runtime's fences ---------------------

    /**
     * {@link TraceGracePeriod#register} without its CAS and fence: the calling thread's reader published in
     * slot 0 of a new table by a release store. Only for an engine with no reader yet.
     */
    static TraceReader registerWithReleaseStore(TraceGracePeriod engine) {
        TraceReader r = new TraceReader(Thread.currentThread(), 0);
        TraceReader[] table = new TraceReader[16];
        table[0] = r;
        TRACE_SLOTS.setRelease(engine, table);
        return r;
    }

    /** True if the engine's reader table (a volatile read) holds no reader: the barrier check's shortcut. */
    static boolean traceTableEmpty(TraceGracePeriod engine) {
        for (TraceReader r : (TraceReader[]) TRACE_SLOTS.getVolatile(engine)) {
            if (r != null) {
                return false;
            }
        }
        return true;
    }

    /** TraceGracePeriod.slots. */
    static final VarHandle TRACE_SLOTS;
    /** QsRecord.word. */
    static final VarHandle QS_WORD;
    /** GracePeriodDriver.started. */
    static final VarHandle DRIVER_STARTED;
    private static final MethodHandle RUN_ONE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TRACE_SLOTS = MethodHandles.privateLookupIn(TraceGracePeriod.class, l)
                    .findVarHandle(TraceGracePeriod.class, "slots", TraceReader[].class);
            QS_WORD = MethodHandles.privateLookupIn(QsRecord.class, l)
                    .findVarHandle(QsRecord.class, "word", long.class);
            DRIVER_STARTED = MethodHandles.privateLookupIn(GracePeriodDriver.class, l)
                    .findVarHandle(GracePeriodDriver.class, "started", long.class);
            RUN_ONE = MethodHandles.privateLookupIn(GracePeriodDriver.class, l).findVirtual(GracePeriodDriver.class,
                    "runOne", MethodType.methodType(void.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A view of no threads with a stopped clock. */
    private static final class NoThreads implements ThreadView {
        @Override
        public Thread[] platformThreads() {
            return new Thread[0];
        }

        @Override
        public Thread.State state(Thread t) {
            return Thread.State.TERMINATED;
        }

        @Override
        public StackTraceElement[][] sample(List<Thread> threads) {
            return new StackTraceElement[threads.size()][];
        }

        @Override
        public long cpuTimeNanos(Thread t) {
            return -1L;
        }

        @Override
        public long nanoTime() {
            return 0L;
        }
    }
}
