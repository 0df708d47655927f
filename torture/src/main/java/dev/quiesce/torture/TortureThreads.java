package dev.quiesce.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the torture's threads and joins them at the end. Every task runs guarded: a throwable from any
 * thread is printed and counted as an error, so a reader that dies fails the test instead of quietly
 * thinning it. Platform threads are daemons, so that a thread stuck in a grace-period wait cannot keep a
 * failed run's JVM alive.
 */
final class TortureThreads {
    private final TortureCounters counters;
    private final List<Thread> started = new ArrayList<>();

    TortureThreads(TortureCounters counters) {
        this.counters = counters;
    }

    /** Starts a platform thread that {@link #joinAll} waits for. */
    Thread startPlatform(String name, Runnable task) {
        Thread t = platform(name, task);
        register(t);
        t.start();
        return t;
    }

    /** Starts a virtual thread that {@link #joinAll} waits for (JDK 21+). */
    Thread startVirtual(String name, Runnable task) {
        Thread t = VirtualThreads.start(name, guard(name, task));
        register(t);
        return t;
    }

    /** Starts a platform thread that its starter joins itself: the short-lived readers. */
    Thread startChild(String name, Runnable task) {
        Thread t = platform(name, task);
        t.start();
        return t;
    }

    /** Waits until every registered thread has ended or {@code deadlineNanos} passes; returns the live ones. */
    List<Thread> joinAll(long deadlineNanos) {
        List<Thread> live = new ArrayList<>();
        for (Thread t : snapshot()) {
            try {
                long left = deadlineNanos - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                live.add(t);
            }
        }
        return live;
    }

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

    private Thread platform(String name, Runnable task) {
        Thread t = new Thread(guard(name, task), name);
        t.setDaemon(true);
        return t;
    }

    private Runnable guard(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                counters.threadErrors.increment();
                synchronized (System.out) {
                    System.out.println("torture: !!! thread " + name + " failed: " + e);
                    e.printStackTrace(System.out);
                }
            }
        };
    }

    private synchronized void register(Thread t) {
        started.add(t);
    }

    private synchronized List<Thread> snapshot() {
        return new ArrayList<>(started);
    }
}
