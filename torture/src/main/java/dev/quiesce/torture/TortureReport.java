package dev.quiesce.torture;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The torture's output, in rcutorture's terms: a header, one progress line every few seconds, and the
 * summary that ends with the verdict line. The verdict is given once, by the main thread or, if that hangs,
 * by the {@link Watchdog}; {@link #conclude} decides which.
 */
final class TortureReport {
    static final String SUCCESS = "End of test: SUCCESS";
    static final String FAILURE = "End of test: FAILURE";

    private final PrintStream out;
    private final TortureFlavor flavor;
    private final TortureCounters counters;
    private final List<ReaderMix.Kind> readers;
    private final long minChecks;
    private final long startNanos = System.nanoTime();
    private boolean concluded;

    TortureReport(PrintStream out, TortureFlavor flavor, TortureCounters counters, List<ReaderMix.Kind> readers,
            long minChecks) {
        this.out = out;
        this.flavor = flavor;
        this.counters = counters;
        this.readers = List.copyOf(readers);
        this.minChecks = minChecks;
    }

    void header(TortureOptions options) {
        out.println("torture: flavor=" + flavor.name() + " seconds=" + options.seconds() + " readers="
                + readers.size() + " (" + ReaderMix.describe(readers) + ") jdk=" + Runtime.version() + " ("
                + System.getProperty("java.vm.name") + ") cpus=" + Runtime.getRuntime().availableProcessors());
    }

    void progress() {
        out.println("torture: " + elapsedSeconds() + "s: ver " + counters.updates.sum() + " gp "
                + flavor.gracePeriodsCompleted() + " checks " + counters.checks.sum() + " pipe: "
                + counters.readerPipe.format() + " batch: " + counters.readerBatch.format() + " errors "
                + counters.errors() + " barriers " + counters.barrierTests.sum() + " floods "
                + counters.floods.sum() + " stalls " + counters.stallsInjected.sum());
    }

    synchronized boolean isConcluded() {
        return concluded;
    }

    /**
     * Prints the summary and the verdict, failing on any error count, on too few reader checks, or on any of
     * {@code failures}. Returns the exit code, or -1 if the verdict was already given.
     */
    synchronized int conclude(List<String> failures) {
        if (concluded) {
            return -1;
        }
        concluded = true;
        List<String> all = new ArrayList<>(failures);
        long checks = counters.checks.sum();
        long tooShort = counters.tooShortGracePeriods();
        out.println("torture: ran " + elapsedSeconds() + " s: " + counters.updates.sum() + " updates, "
                + counters.allocationFailures.sum() + " allocation failures, " + counters.stallsInjected.sum()
                + " stalls injected");
        out.println("Reader Pipe: " + counters.readerPipe.format());
        out.println("Reader Batch: " + counters.readerBatch.format());
        out.println("Free-Block Circulation: " + counters.circulation.format());
        out.println("Too-short grace periods: " + tooShort + " (pipe > 1: " + counters.readerPipe.sumFrom(2)
                + ", batch > 1: " + counters.readerBatch.sumFrom(2) + ", recycled in use: "
                + counters.recycledInUse.sum() + ")");
        out.println("Memory-ordering errors: " + counters.orderingErrors.sum());
        out.println("Barrier errors: " + counters.barrierErrors.sum() + " (of " + counters.barrierTests.sum()
                + " barriers)");
        out.println("Forward-progress errors: " + counters.forwardProgressErrors.sum() + " (of "
                + counters.floods.sum() + " floods, " + counters.floodCallbacks.sum() + " callbacks)");
        out.println("Thread errors: " + counters.threadErrors.sum());
        out.println("Reader checks: " + checks + " (minimum " + minChecks + "; " + checksByKind(all) + ")");
        out.println("Stats: " + flavor.stats());
        if (counters.errors() != 0) {
            all.add(counters.errors() + " errors counted above");
        }
        if (checks < minChecks) {
            all.add("only " + checks + " reader checks, fewer than " + minChecks);
        }
        for (String f : all) {
            out.println("torture: !!! " + f);
        }
        out.println(all.isEmpty() ? SUCCESS : FAILURE);
        out.flush();
        return all.isEmpty() ? 0 : 1;
    }

    /** {@code "hot 123, holdout 45, ..."} for the kinds that ran; adds a failure for each that checked nothing. */
    private String checksByKind(List<String> failures) {
        StringJoiner sj = new StringJoiner(", ");
        for (ReaderMix.Kind k : EnumSet.copyOf(readers)) {
            long n = counters.checks(k).sum();
            String name = k.name().toLowerCase(Locale.ROOT);
            sj.add(name + " " + n);
            if (n == 0) {
                failures.add("the " + name + " readers made no checks");
            }
        }
        return sj.toString();
    }

    private String elapsedSeconds() {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
