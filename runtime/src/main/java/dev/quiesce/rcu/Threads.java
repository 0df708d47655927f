package dev.quiesce.rcu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Small facts about threads that differ between JDK 17 and JDK 21+. */
final class Threads {
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private Threads() {}

    /** True for a virtual thread (JDK 21+); always false on JDK 17. */
    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    static boolean virtualThreadsSupported() {
        return IS_VIRTUAL != null;
    }

    /** Joins {@code t}, ignoring interrupts until it ends, then restores the caller's interrupt status. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The default grace-period thread of domain {@code name}: a daemon named {@code quiesce-gp-<name>}. */
    static java.util.concurrent.ThreadFactory gracePeriodThreads(String name) {
        return r -> {
            Thread t = new Thread(r, "quiesce-gp-" + name);
            t.setDaemon(true);
            return t;
        };
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
