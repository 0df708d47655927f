package dev.quiesce.rcu;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Function;

/**
 * Stall reporting of one grace period: informational lines at growing ages (infoAfter, x4, x16, ... while
 * below warnAfter), then warnings listing every holdout with its state, counters and stack (warnAfter,
 * x2, x4, ...). Lines go to {@link System.Logger} "dev.quiesce.rcu" and to JFR. GP: one thread.
 */
final class StallReporter {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.rcu");

    private final String domain;
    private final long infoAfter;
    private final long warnAfter;
    private long nextInfo;
    private long nextWarn;
    /** GP: */
    private volatile long infos;
    private volatile long warnings;

    StallReporter(String domain, long infoAfterNanos, long warnAfterNanos) {
        this.domain = domain;
        this.infoAfter = infoAfterNanos;
        this.warnAfter = warnAfterNanos;
    }

    /** At the start of each grace period. */
    void reset() {
        nextInfo = infoAfter;
        nextWarn = warnAfter;
    }

    /** Nanoseconds until the next line is due, for the backoff to wake in time. */
    long untilNext(long age) {
        long next = nextInfo < nextWarn ? nextInfo : nextWarn;
        return Math.max(0, next - age);
    }

    /**
     * Reports if a line is due at {@code age}.
     *
     * @param describe renders each holdout in full, for warnings
     */
    <H> void check(long seq, long age, List<H> holdouts, Function<H, String> brief, Function<H, String> describe) {
        if (age >= nextWarn) {
            nextWarn = nextWarn * 2;
            nextInfo = Long.MAX_VALUE;
            StringBuilder sb = new StringBuilder();
            sb.append("grace period ").append(seq).append(" of \"").append(domain).append("\" stalled for ")
                    .append(age / 1_000_000).append(" ms on ").append(holdouts.size()).append(" holdout(s):");
            for (H h : holdouts) {
                sb.append('\n').append(describe.apply(h));
            }
            warnings++;
            emit(seq, age, true, holdouts.size(), sb.toString());
        } else if (age >= nextInfo) {
            nextInfo = nextInfo * 4 >= warnAfter ? Long.MAX_VALUE : nextInfo * 4;
            StringBuilder sb = new StringBuilder();
            sb.append("grace period ").append(seq).append(" of \"").append(domain).append("\" waiting for ")
                    .append(age / 1_000_000).append(" ms on ").append(holdouts.size()).append(" holdout(s):");
            int n = 0;
            for (H h : holdouts) {
                if (n++ == 8) {
                    sb.append(" ...");
                    break;
                }
                sb.append(' ').append(brief.apply(h));
            }
            infos++;
            emit(seq, age, false, holdouts.size(), sb.toString());
        }
    }

    private void emit(long seq, long age, boolean warning, int holdouts, String report) {
        LOG.log(warning ? Level.WARNING : Level.INFO, report);
        if (!Jfr.recording()) {
            return;
        }
        GracePeriodStallEvent e = new GracePeriodStallEvent();
        if (e.isEnabled()) {
            e.domain = domain;
            e.sequence = seq;
            e.age = age;
            e.warning = warning;
            e.holdouts = holdouts;
            e.report = report;
            e.commit();
        }
    }

    long infos() {
        return infos;
    }

    long warnings() {
        return warnings;
    }
}
