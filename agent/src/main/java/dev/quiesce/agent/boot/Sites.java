package dev.quiesce.agent.boot;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Arrays;

/**
 * Every {@link MethodSite} of the process, by id, and the {@code invokedynamic} bootstrap method that binds an
 * instrumented method's site instructions to them.
 *
 * <p>Sites are never removed: old versions of a method may still run (a frame in a long loop keeps the code
 * it entered), and each must find a site that is always safe to call. A stripped or detached site is just
 * a site with no-op targets. An id this table does not know (a class instrumented by an earlier agent whose
 * state is gone) binds to a constant no-op.
 *
 * <p>Fields: {@code table} is copy-on-grow, written under the class lock, read through a volatile load by
 * bootstrap calls; {@code count} is written and read under the class lock.
 */
public final class Sites {
    public static final String ENTRY = "entry";
    public static final String RETURN = "return";
    public static final String THROW = "throw";

    /** The bootstrap method's JVM descriptor, for the weaver. */
    public static final String BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;";

    private static volatile MethodSite[] table = new MethodSite[256];
    private static int count;

    private Sites() {}

    /** Creates a site with no-op targets and a new id. */
    public static synchronized MethodSite register(String className, String methodName, String descriptor,
            boolean isStatic) {
        MethodSite[] t = table;
        if (count == t.length) {
            t = Arrays.copyOf(t, t.length * 2);
        }
        MethodSite s = new MethodSite(count, className, methodName, descriptor, isStatic);
        t[count++] = s;
        table = t; // volatile write publishes the site and the grown table
        return s;
    }

    /** The site with {@code id}, or null. */
    public static MethodSite get(int id) {
        MethodSite[] t = table;
        return id >= 0 && id < t.length ? t[id] : null;
    }

    /**
     * Bootstrap of every site instruction: {@code name} is {@link #ENTRY}, {@link #RETURN} or {@link #THROW}
     * and {@code id} the site. Never throws for a type or id mismatch: the instruction then gets a constant
     * no-op, so instrumented code always runs.
     */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, int id) {
        MethodSite s = get(id);
        if (s != null) {
            MutableCallSite cs = s.callSite(name);
            if (cs != null && cs.type().equals(type)) {
                return cs;
            }
        }
        return new ConstantCallSite(type.returnType() == long.class
                ? MethodSite.noOpEntry(type) : MethodHandles.empty(type));
    }
}
