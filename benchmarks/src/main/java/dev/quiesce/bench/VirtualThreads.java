package dev.quiesce.bench;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.CarrierHookState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code Thread.ofVirtual().unstarted(...)}, reached through method handles so this module compiles with
 * {@code --release 17}, and whether a fork can see virtual threads in grace periods at all.
 */
final class VirtualThreads {
    /** First JDK where virtual threads are final. */
    static final int MIN_FEATURE = 21;

    private static final MethodHandle OF_VIRTUAL; // ()Object, a Thread.Builder.OfVirtual
    private static final MethodHandle UNSTARTED;  // (Object, Runnable)Thread
    private static final String UNAVAILABLE;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle unstarted = null;
        String why = null;
        if (Runtime.version().feature() < MIN_FEATURE) {
            why = "virtual threads need JDK " + MIN_FEATURE + "+ (running " + Runtime.version() + ")";
        } else {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
                ofVirtual = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType))
                        .asType(MethodType.methodType(Object.class));
                unstarted = l.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class))
                        .asType(MethodType.methodType(Thread.class, Object.class, Runnable.class));
            } catch (ReflectiveOperationException e) {
                why = "Thread.ofVirtual() not usable on " + Runtime.version() + ": " + e;
            }
        }
        OF_VIRTUAL = ofVirtual;
        UNSTARTED = unstarted;
        UNAVAILABLE = why;
    }

    private VirtualThreads() {}

    /** Null if virtual threads can be made, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Null if grace periods in this fork see virtual threads, else why not. They see them only through the
     * agent's carrier hooks in {@code java.lang.VirtualThread}: without them a carrier running a virtual thread
     * is sampled as itself. {@link CarrierHookState} lives on the boot class path once the agent is loaded, so
     * this reads the agent's own flag; without the agent it reads this jar's copy, never set.
     */
    static String carrierHooksMissingReason() {
        if (UNAVAILABLE != null) {
            return UNAVAILABLE;
        }
        if (CarrierHookState.wovenVolatile()) {
            return null;
        }
        return AgentControl.isInstalled()
                ? "the quiesce agent is loaded but java.lang.VirtualThread carries no carrier hooks"
                        + " (carrierHooks=false, or weaving failed: see the fork's stderr)"
                : "the quiesce agent is not loaded in this fork, and grace periods see virtual threads only through"
                        + " its carrier hooks: run from the repository root with"
                        + " -jvmArgsAppend -javaagent:agent/target/quiesce-agent.jar=control=false";
    }

    /** A new, unstarted virtual thread named {@code name}. */
    static Thread unstarted(String name, Runnable body) {
        if (UNAVAILABLE != null) {
            throw new UnsupportedOperationException(UNAVAILABLE);
        }
        Thread t;
        try {
            t = (Thread) UNSTARTED.invokeExact((Object) OF_VIRTUAL.invokeExact(), body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        t.setName(name);
        return t;
    }
}
