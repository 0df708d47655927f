package dev.quiesce.torture;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns a hang into a FAILURE: if no verdict has been given by its deadline, prints the stack of every live
 * thread, gives the FAILURE verdict and halts the JVM (a thread stuck in an uninterruptible grace-period wait,
 * or a main thread stuck in close(), would otherwise keep it alive forever).
 */
final class Watchdog implements Runnable {
    private final TortureReport report;
    private final long deadlineNanos;
    private final long afterEndSeconds;

    Watchdog(TortureReport report, long deadlineNanos, long afterEndNanos) {
        this.report = report;
        this.deadlineNanos = deadlineNanos;
        this.afterEndSeconds = TimeUnit.NANOSECONDS.toSeconds(afterEndNanos);
    }

    /** Starts the watchdog on a daemon thread. */
    void start() {
        Thread t = new Thread(this, "torture-watchdog");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        if (report.isConcluded()) {
            return;
        }
        System.out.println("torture: !!! watchdog: no verdict " + afterEndSeconds + " s after the end; live threads:");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            System.out.println("  \"" + e.getKey().getName() + "\" " + e.getKey().getState());
            for (StackTraceElement frame : e.getValue()) {
                System.out.println("      at " + frame);
            }
        }
        int code = report.conclude(List.of("watchdog: the test did not stop within " + afterEndSeconds
                + " s after its end"));
        if (code >= 0) {
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }
}
