package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.SiteTokens;
import dev.quiesce.rcu.TasksTraceRcu;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The read-side code of the built-in actions: the static methods site chains are built from (counting is
 * {@link ThreadCounts#incrementer}). Everything here runs inside handlers and never blocks; only custom
 * handlers allocate (their arguments are boxed). Grace periods treat this class as read-side code.
 */
final class Handlers {
    static final MethodHandle TIME;
    static final MethodHandle CUSTOM_ENTRY;
    static final MethodHandle CUSTOM_RETURN;
    static final MethodHandle CUSTOM_THROW;
    static final MethodHandle FAILED;
    static final MethodHandle SLOT_FAILED;
    private static final MethodHandle READ_LOCK;
    private static final MethodHandle UNLOCK_VOID;
    private static final MethodHandle UNLOCK_LONG;

    static {
        MethodHandles.Lookup l = MethodHandles.lookup();
        try {
            TIME = l.findStatic(Handlers.class, "time",
                    MethodType.methodType(void.class, ProbeVersion.class, int.class, long.class));
            CUSTOM_ENTRY = l.findStatic(Handlers.class, "customEntry", MethodType.methodType(void.class,
                    VersionSlot.class, MethodSite.class, Object.class, Object[].class));
            CUSTOM_RETURN = l.findStatic(Handlers.class, "customReturn", MethodType.methodType(void.class,
                    VersionSlot.class, MethodSite.class, int.class, Object.class, long.class));
            CUSTOM_THROW = l.findStatic(Handlers.class, "customThrow", MethodType.methodType(void.class,
                    VersionSlot.class, MethodSite.class, int.class, Throwable.class, long.class));
            FAILED = l.findStatic(Handlers.class, "failed",
                    MethodType.methodType(void.class, ProbeVersion.class, Throwable.class));
            SLOT_FAILED = l.findStatic(Handlers.class, "slotFailed",
                    MethodType.methodType(void.class, VersionSlot.class, Throwable.class));
            READ_LOCK = l.findVirtual(TasksTraceRcu.class, "readLock", MethodType.methodType(int.class));
            UNLOCK_VOID = l.findStatic(Handlers.class, "unlock",
                    MethodType.methodType(void.class, TasksTraceRcu.class, Throwable.class, int.class));
            UNLOCK_LONG = l.findStatic(Handlers.class, "unlock",
                    MethodType.methodType(long.class, TasksTraceRcu.class, Throwable.class, long.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Handlers() {}

    /**
     * A timed exit: a hit if this version's epoch stamped the entry, its latency recorded if the entry read the
     * clock (a {@code sample=N} histogram times one invocation in N); else counted as unpaired.
     */
    static void time(ProbeVersion v, int epoch, long token) {
        if (SiteTokens.stampedBy(token, epoch)) {
            v.hit();
            if (SiteTokens.timed(token)) {
                v.histogram().record(SiteTokens.elapsedNanos(token));
            }
        } else {
            v.unpaired();
        }
    }

    private static final int ENTRY = 0;
    private static final int RETURN = 1;
    private static final int THROW = 2;

    static void customEntry(VersionSlot slot, MethodSite site, Object self, Object[] args) {
        custom(slot, site, ENTRY, self, args, 0, 0);
    }

    static void customReturn(VersionSlot slot, MethodSite site, int epoch, Object value, long token) {
        custom(slot, site, RETURN, value, null, epoch, token);
    }

    static void customThrow(VersionSlot slot, MethodSite site, int epoch, Throwable thrown, long token) {
        custom(slot, site, THROW, thrown, null, epoch, token);
    }

    /**
     * One hit of a handler-based chain: loads the slot inside a read section of the slot's domain and runs the
     * version it loaded to the end of that section, so a version swapped out of the slot is freed after that
     * domain's grace period (VersionSlot). The section also lets a sleepable handler block. {@code value} is the
     * receiver (entry), the returned value or the exception.
     */
    private static void custom(VersionSlot slot, MethodSite site, int kind, Object value, Object[] args, int epoch,
            long token) {
        TasksTraceRcu trace = slot.trace();
        int t = trace.readLock();
        try {
            ProbeVersion v = slot.lvVersion(); // one load per hit: the hit is this version's, whatever swaps next
            v.hit();
            long nanos = nanos(v, epoch, token);
            CostMeter meter = v.meter();
            long start = meter == null ? 0 : meter.start();
            try {
                ProbeHandler h = v.customHandler();
                switch (kind) {
                    case ENTRY -> h.onEntry(site, value, args);
                    case RETURN -> h.onReturn(site, value, nanos);
                    default -> h.onThrow(site, (Throwable) value, nanos);
                }
            } catch (Throwable e) {
                v.failed(e); // counted on the version that ran
            }
            if (meter != null) {
                meter.end(start);
            }
        } finally {
            trace.readUnlock(t);
        }
    }

    private static long nanos(ProbeVersion v, int epoch, long token) {
        if (epoch == 0) {
            return -1; // not a timing probe
        }
        if (SiteTokens.stampedBy(token, epoch)) {
            // Chains with a handler stamp every invocation (ProbeVersion.stampEvery), so untimed is not expected.
            return SiteTokens.timed(token) ? SiteTokens.elapsedNanos(token) : -1;
        }
        v.unpaired();
        return -1;
    }

    /**
     * {@code chain} ({@code (A...)void} or {@code (A...)long}) run inside a read section of {@code trace}: the
     * lock before it, the unlock after it however it ends. Read sections nest, so the sleepable handler's own
     * section inside it is unchanged.
     */
    static MethodHandle inReadSection(MethodHandle chain, TasksTraceRcu trace, VersionSlot countFailuresOn) {
        Class<?> r = chain.type().returnType();
        MethodHandle body = MethodHandles.dropArguments(chain, 0, int.class); // (token, A...)R
        MethodHandle cleanup = MethodHandles.insertArguments(r == void.class ? UNLOCK_VOID : UNLOCK_LONG, 0, trace);
        MethodHandle guarded = MethodHandles.tryFinally(body, cleanup);
        MethodHandle section = MethodHandles.foldArguments(guarded, READ_LOCK.bindTo(trace)); // readLock()'s token
        // The handlers inside contain their own failures; what is left is the lock itself failing (no memory for
        // a first section's reader, no stack): contained like a handler's, the hit skipped, never thrown into
        // the instrumented method. A timing entry then returns no token, so its exit counts as unpaired.
        // Counted on the slot's version, as a handler-based chain's own failures: a swap in the slot does not relink.
        MethodHandle failed = MethodHandles.dropArguments(SLOT_FAILED.bindTo(countFailuresOn), 1,
                chain.type().parameterList()); // (Throwable, A...)void
        if (r != void.class) {
            failed = MethodHandles.filterReturnValue(failed, MethodHandles.constant(r, 0L));
        }
        return MethodHandles.catchException(section, Throwable.class, failed);
    }

    private static void unlock(TasksTraceRcu trace, Throwable thrown, int token) {
        trace.readUnlock(token);
    }

    private static long unlock(TasksTraceRcu trace, Throwable thrown, long result, int token) {
        trace.readUnlock(token);
        return result;
    }

    /** A handler threw: contained, counted, and the version disabled past its limit. */
    static void failed(ProbeVersion v, Throwable t) {
        v.failed(t);
    }

    /** A handler-based chain failed around its handler (boxing the arguments): counted on the slot's version. */
    static void slotFailed(VersionSlot slot, Throwable t) {
        ProbeVersion v = slot.lvVersion();
        if (v != null) { // a containment that threw would reach the instrumented method
            v.failed(t);
        }
    }
}
