package dev.quiesce.agent.it;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Starts virtual threads on JDK 21+ through a method handle (the tests compile for release 17). */
final class VirtualThreads {
    private VirtualThreads() {}

    static boolean available() {
        return Runtime.version().feature() >= 21;
    }

    static Thread start(Runnable r) {
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
            return (Thread) h.invokeExact(r);
        } catch (Throwable t) {
            throw new IllegalStateException("virtual threads need JDK 21+", t);
        }
    }
}
