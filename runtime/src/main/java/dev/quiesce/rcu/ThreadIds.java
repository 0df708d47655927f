package dev.quiesce.rcu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * A thread's id as the JVM assigned it, which no subclass of {@link Thread} can change. {@link Thread#getId()}
 * is not final: a subclass may return another thread's id, and code that keys per-thread state by it (stack
 * samples, CPU times, per-thread counters that serve as evidence of progress) would then mix two threads up.
 *
 * <p>JDK 19+: {@code Thread.threadId()}, which is final. JDK 17 and 18: the private final field behind
 * {@code getId()}, read through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}); if that is refused,
 * {@link #overridable()} is true and {@code getId()} is used. Either way the handle is a constant, so the JIT
 * inlines the read: as cheap as {@code getId()}.
 */
public final class ThreadIds {
    private static final String FALLBACK = "Thread.getId()";
    private static final Object[] FOUND = find();
    private static final MethodHandle ID = (MethodHandle) FOUND[0];
    private static final String SOURCE = (String) FOUND[1];

    private ThreadIds() {}

    /** {@code t}'s id, as the JVM assigned it. */
    public static long of(Thread t) {
        try {
            return (long) ID.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** True if {@link #of} had to fall back to {@code getId()}, which a subclass may override. */
    public static boolean overridable() {
        return SOURCE.equals(FALLBACK);
    }

    /** Where ids come from on this JVM, for reports. */
    public static String source() {
        return SOURCE;
    }

    private static Object[] find() {
        MethodType idType = MethodType.methodType(long.class, Thread.class);
        try {
            MethodHandle h = MethodHandles.publicLookup().findVirtual(Thread.class, "threadId",
                    MethodType.methodType(long.class));
            return new Object[] {h, "Thread.threadId()"};
        } catch (ReflectiveOperationException e) {
            // before JDK 19
        }
        try {
            Field tid = Thread.class.getDeclaredField("tid");
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true); // sun.misc is open to everyone (jdk.unsupported)
            Object unsafe = theUnsafe.get(null);
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            long offset = (long) l.findVirtual(unsafeClass, "objectFieldOffset",
                    MethodType.methodType(long.class, Field.class)).invoke(unsafe, tid);
            MethodHandle getLong = l.findVirtual(unsafeClass, "getLong",
                    MethodType.methodType(long.class, Object.class, long.class));
            MethodHandle h = MethodHandles.insertArguments(getLong.bindTo(unsafe), 1, offset).asType(idType);
            // A reader of the wrong field must not go unnoticed: check it against getId() of this thread.
            Thread self = Thread.currentThread();
            if (self.getClass() == Thread.class && (long) h.invokeExact(self) != self.getId()) {
                throw new IllegalStateException("field tid does not hold the thread id");
            }
            return new Object[] {h, "Thread.tid (sun.misc.Unsafe)"};
        } catch (Throwable e) {
            // not HotSpot's layout, or jdk.unsupported refused: fall back below
        }
        try {
            return new Object[] {MethodHandles.publicLookup().findVirtual(Thread.class, "getId",
                    MethodType.methodType(long.class)), FALLBACK};
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
