package dev.quiesce.examples.shop;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which threads handle the service's requests: a virtual thread per request (JDK 21+), a bounded pool of
 * platform threads, or {@link #AUTO}, virtual threads when the JVM has them.
 */
public enum ExecutorKind {
    /** Virtual threads on JDK 21+, else platform threads. */
    AUTO,
    /** A virtual thread per request; needs JDK 21+. */
    VIRTUAL,
    /** A fixed pool of {@link #PLATFORM_THREADS} daemon platform threads. */
    PLATFORM;

    /** Size of the platform thread pool. */
    public static final int PLATFORM_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    /** True when this JVM can create virtual threads (JDK 21+). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /** {@link #VIRTUAL} or {@link #PLATFORM}: what {@link #AUTO} stands for on this JVM, else this kind. */
    public ExecutorKind resolve() {
        if (this == AUTO) {
            return virtualThreadsAvailable() ? VIRTUAL : PLATFORM;
        }
        return this;
    }

    /**
     * A new executor of this kind.
     *
     * @throws IllegalStateException for {@link #VIRTUAL} on a JVM older than 21
     */
    public ExecutorService newExecutor() {
        if (resolve() == VIRTUAL) {
            return newVirtualThreadPerTaskExecutor();
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(PLATFORM_THREADS, r -> {
            Thread t = new Thread(r, "shop-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, found at run time: the code is compiled for Java 17. */
    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        if (!virtualThreadsAvailable()) {
            throw new IllegalStateException("virtual threads need JDK 21 or newer; this is JDK " + Runtime.version());
        }
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create a virtual-thread executor", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual-thread executor", e);
        }
    }
}
