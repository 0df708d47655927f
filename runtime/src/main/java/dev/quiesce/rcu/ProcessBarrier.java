package dev.quiesce.rcu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A memory barrier that every Java thread of the process takes part in, so that the threads that use it need
 * no fence of their own (the asymmetric fence of {@code membarrier()}).
 *
 * <p>It is the all-threads handshake HotSpot runs when a shared {@code Arena} closes (JDK 22+): each Java
 * thread either processes the handshake itself at a safepoint poll, under a mutex and an atomic decrement
 * (full fences), or is in native or blocked, a state it left and will re-enter through fenced transitions
 * (or, under {@code -XX:+UseSystemMemoryBarrier}, the handshake first issues the kernel's membarrier). Either
 * way, a store the thread made before that point is visible to the caller once {@link #emit()} returns, and a
 * load it makes after that point sees the caller's stores made before {@link #emit()}. docs/memory-ordering.md
 * ("TasksTraceRcu") has the whole argument, including why compiled code cannot move a store past a poll.
 *
 * <p>No foreign function is called (no restricted method, no warning on the host's stderr). On JDK 17 to 21
 * the barrier is not available and its users keep their fences.
 */
final class ProcessBarrier {
    private static final MethodHandle OF_SHARED;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle open = null;
        MethodHandle close = null;
        if (Runtime.version().feature() >= 22) { // final API from 22; a preview in 21
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                open = l.findStatic(arena, "ofShared", MethodType.methodType(arena))
                        .asType(MethodType.methodType(Object.class));
                close = l.findVirtual(arena, "close", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException e) {
                open = null;
                close = null;
            }
        }
        OF_SHARED = open;
        CLOSE = close;
    }

    private ProcessBarrier() {}

    /** True when {@link #emit()} works on this JVM. Constant after class initialisation. */
    static boolean available() {
        return CLOSE != null;
    }

    /**
     * Runs the barrier. Costs one all-threads handshake: tens of microseconds on an idle machine, one scheduler
     * rotation on an overcommitted one (every running thread must reach a poll).
     *
     * @throws UnsupportedOperationException if {@link #available()} is false
     */
    static void emit() {
        if (CLOSE == null) {
            throw new UnsupportedOperationException("no process-wide barrier on Java " + Runtime.version().feature()
                    + " (needs 22+)");
        }
        try {
            Object arena = OF_SHARED.invokeExact();
            CLOSE.invokeExact(arena);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("process-wide barrier failed", e);
        }
    }
}
