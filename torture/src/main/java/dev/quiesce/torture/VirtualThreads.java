package dev.quiesce.torture;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Virtual threads where the running JDK has them (21+), reached by reflection so that the module compiles
 * with {@code --release 17}: {@code Thread.ofVirtual().name(name).start(task)}.
 */
final class VirtualThreads {
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method START;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method start = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
            // Through the public interface: the builder's own class is not exported.
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            name = builder.getMethod("name", String.class);
            start = builder.getMethod("start", Runnable.class);
        } catch (ReflectiveOperationException e) {
            ofVirtual = null; // JDK 17
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        START = start;
    }

    private VirtualThreads() {}

    static boolean supported() {
        return OF_VIRTUAL != null;
    }

    /**
     * Starts {@code task} on a new virtual thread.
     *
     * @throws UnsupportedOperationException on a JDK without virtual threads
     */
    static Thread start(String name, Runnable task) {
        if (!supported()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later, this is "
                    + Runtime.version());
        }
        try {
            Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
            return (Thread) START.invoke(builder, task);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("starting virtual thread " + name + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("starting virtual thread " + name + " failed", e);
        }
    }
}
