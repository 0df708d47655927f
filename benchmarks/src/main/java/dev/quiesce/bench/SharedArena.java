package dev.quiesce.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code java.lang.foreign.Arena.ofShared()}, reached through method handles so this module compiles with
 * {@code --release 17}. Closing a shared arena makes the JVM handshake every thread: the JDK's own
 * "wait until no thread can still use this" primitive, used as the reference for a grace period.
 */
final class SharedArena {
    /** First JDK where {@code java.lang.foreign} is final (preview in 21). */
    static final int MIN_FEATURE = 22;

    private static final MethodHandle OF_SHARED; // ()Object
    private static final MethodHandle ALLOCATE;  // (Object, long)Object
    private static final MethodHandle CLOSE;     // (Object)void
    private static final String UNAVAILABLE;

    static {
        MethodHandle ofShared = null;
        MethodHandle allocate = null;
        MethodHandle close = null;
        String why = null;
        int feature = Runtime.version().feature();
        if (feature < MIN_FEATURE) {
            why = "Arena.ofShared() needs JDK " + MIN_FEATURE + "+ (running " + Runtime.version() + ")";
        } else {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofShared = l.findStatic(arena, "ofShared", MethodType.methodType(arena))
                        .asType(MethodType.methodType(Object.class));
                allocate = l.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class))
                        .asType(MethodType.methodType(Object.class, Object.class, long.class));
                close = l.findVirtual(arena, "close", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException e) {
                why = "java.lang.foreign.Arena not usable on " + Runtime.version() + ": " + e;
            }
        }
        OF_SHARED = ofShared;
        ALLOCATE = allocate;
        CLOSE = close;
        UNAVAILABLE = why;
    }

    private SharedArena() {}

    /** Null if usable, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Opens a shared arena, allocates {@code bytes} in it, closes it; returns the (now dead) segment. */
    static Object allocateAndClose(long bytes) throws Throwable {
        Object arena = (Object) OF_SHARED.invokeExact();
        Object segment = (Object) ALLOCATE.invokeExact(arena, bytes);
        CLOSE.invokeExact(arena);
        return segment;
    }
}
