package dev.quiesce.agent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Objects;

/**
 * The three probe sites of one instrumented method: entry, normal return and exceptional exit, each a
 * {@link MutableCallSite} that the method's {@code invokedynamic} instructions are bound to once.
 *
 * <p>Types are erased: every reference type is {@code Object}, primitives stay, so a site can be built before
 * its class is defined and handlers never need the application's classes. Entry:
 * {@code (Object self?, params...)long} (the token, see {@link SiteTokens}); return:
 * {@code (value?, long)void}; throw: {@code (Throwable, long)void}. Unlinked targets are no-ops, which the
 * JIT folds away.
 *
 * <p>Fields: identity fields are final. The call sites' targets are written only by the agent's link lock
 * holder ({@link #link}); instrumented code reads them plainly, as RCU readers read a published pointer:
 * see docs/memory-ordering.md, "Probe sites". {@code timingEpoch} is written under the link lock and read
 * under it.
 */
public final class MethodSite {
    private final int id;
    private final String className;
    private final String methodName;
    private final String descriptor;
    private final boolean isStatic;
    private final MethodType entryType;
    private final MethodType returnType;
    private final MethodType throwType;
    private final MutableCallSite entry;
    private final MutableCallSite ret;
    private final MutableCallSite thr;
    /** L: the epoch of the entry target linked last that stamps tokens, 0 before any. */
    private int timingEpoch;
    private static final int ENTRY_NO_OP = 1;
    private static final int RETURN_NO_OP = 2;
    private static final int THROW_NO_OP = 4;
    /** L: which call sites have their no-op target (all of them at birth). */
    private int noOps = ENTRY_NO_OP | RETURN_NO_OP | THROW_NO_OP;

    MethodSite(int id, String className, String methodName, String descriptor, boolean isStatic) {
        this.id = id;
        this.className = Objects.requireNonNull(className);
        this.methodName = Objects.requireNonNull(methodName);
        this.descriptor = Objects.requireNonNull(descriptor);
        this.isStatic = isStatic;
        MethodType m = SiteTypes.erased(descriptor);
        MethodType params = isStatic ? m : m.insertParameterTypes(0, Object.class);
        this.entryType = params.changeReturnType(long.class);
        this.returnType = m.returnType() == void.class
                ? MethodType.methodType(void.class, long.class)
                : MethodType.methodType(void.class, m.returnType(), long.class);
        this.throwType = MethodType.methodType(void.class, Throwable.class, long.class);
        this.entry = new MutableCallSite(noOpEntry(entryType));
        this.ret = new MutableCallSite(MethodHandles.empty(returnType));
        this.thr = new MutableCallSite(MethodHandles.empty(throwType));
    }

    static MethodHandle noOpEntry(MethodType entryType) {
        return MethodHandles.dropArguments(MethodHandles.constant(long.class, 0L), 0, entryType.parameterList());
    }

    public int id() {
        return id;
    }

    /** The instrumented class's binary name ({@code com.example.Outer$Inner}). */
    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The JVM method descriptor, e.g. {@code (JLjava/lang/String;)I}. */
    public String descriptor() {
        return descriptor;
    }

    public boolean isStatic() {
        return isStatic;
    }

    public MethodType entryType() {
        return entryType;
    }

    public MethodType returnType() {
        return returnType;
    }

    public MethodType throwType() {
        return throwType;
    }

    /** L: read by the link lock holder. */
    public int timingEpoch() {
        return timingEpoch;
    }

    /** New targets adapted to the call sites' types, not yet linked; from {@link #adapt}. */
    public static final class Targets {
        private final MethodHandle entry;
        private final MethodHandle ret;
        private final MethodHandle thr;
        /** Which of them are no-ops (the null targets). */
        private final int noOps;

        private Targets(MethodHandle entry, MethodHandle ret, MethodHandle thr, int noOps) {
            this.entry = entry;
            this.ret = ret;
            this.thr = thr;
            this.noOps = noOps;
        }
    }

    /**
     * Adapts targets to the call sites' types (null: that call site's no-op) without linking them: what can
     * fail in a link (a type mismatch, no memory for the adapters) fails here, before any call site changes.
     */
    public Targets adapt(MethodHandle entryTarget, MethodHandle returnTarget, MethodHandle throwTarget) {
        return new Targets(entryTarget != null ? entryTarget.asType(entryType) : noOpEntry(entryType),
                returnTarget != null ? returnTarget.asType(returnType) : MethodHandles.empty(returnType),
                throwTarget != null ? throwTarget.asType(throwType) : MethodHandles.empty(throwType),
                (entryTarget == null ? ENTRY_NO_OP : 0) | (returnTarget == null ? RETURN_NO_OP : 0)
                        | (throwTarget == null ? THROW_NO_OP : 0));
    }

    /**
     * Links targets from {@link #adapt} (link lock held by the caller). Each call site's target changes with one
     * write, so every hit is handled by the old chain or the new one, never a mix; a call site that is a no-op
     * and stays one is not written at all, because every write deoptimizes the compiled code that inlined the
     * site. {@code syncAll} then publishes the writes. {@code newTimingEpoch} is the epoch bound into the new
     * entry target if it stamps tokens.
     */
    public void link(Targets t, int newTimingEpoch) {
        int changed = 0;
        MutableCallSite[] written = new MutableCallSite[3];
        if ((t.noOps & ENTRY_NO_OP) == 0 || (noOps & ENTRY_NO_OP) == 0) {
            entry.setTarget(t.entry);
            written[changed++] = entry;
        }
        if ((t.noOps & RETURN_NO_OP) == 0 || (noOps & RETURN_NO_OP) == 0) {
            ret.setTarget(t.ret);
            written[changed++] = ret;
        }
        if ((t.noOps & THROW_NO_OP) == 0 || (noOps & THROW_NO_OP) == 0) {
            thr.setTarget(t.thr);
            written[changed++] = thr;
        }
        noOps = t.noOps;
        timingEpoch = newTimingEpoch;
        if (changed > 0) {
            MutableCallSite.syncAll(java.util.Arrays.copyOf(written, changed));
        }
    }

    /** Links the no-op targets (link lock held by the caller). */
    public void unlink() {
        link(adapt(null, null, null), timingEpoch);
    }

    /** L: true while every call site has its no-op target. */
    public boolean isIdle() {
        return noOps == (ENTRY_NO_OP | RETURN_NO_OP | THROW_NO_OP);
    }

    MutableCallSite callSite(String kind) {
        switch (kind) {
            case Sites.ENTRY: return entry;
            case Sites.RETURN: return ret;
            case Sites.THROW: return thr;
            default: return null;
        }
    }

    /** {@code com.example.Checkout.price(long, String)}-style description for reports. */
    @Override
    public String toString() {
        return className + "." + methodName + SiteTypes.readableParams(descriptor);
    }
}
