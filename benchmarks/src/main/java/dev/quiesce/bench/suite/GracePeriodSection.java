package dev.quiesce.bench.suite;

import dev.quiesce.bench.suite.chart.LineChart;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GracePeriodBench}: one {@code synchronize()} and one {@code synchronizeExpedited()} against
 * {@code Arena.ofShared().close()}, idle and with busy platform or virtual threads; {@code TraceReadSideBench}: the
 * {@code TasksTraceRcu} read side. The forks load the agent, whose carrier hooks let grace periods see virtual
 * threads; every configuration gets the same fork setup.
 */
final class GracePeriodSection extends Section {
    private static final String BENCH = "GracePeriodBench.";
    private static final String[] OPS = {"synchronize", "synchronizeExpedited", "sharedArenaClose"};
    private static final String[] KINDS = {"platform", "virtual"};

    private List<String> busyCounts = List.of();

    @Override
    String id() {
        return "grace-period";
    }

    @Override
    String title() {
        return "Grace periods against the JDK's shared-arena close";
    }

    private static List<String> counts(boolean quick) {
        return quick ? List.of("4", "16") : List.of("1", "2", "4", "8", "16");
    }

    @Override
    String plan(boolean quick) {
        return "GracePeriodBench idle and with " + String.join(", ", counts(quick))
                + " busy platform and virtual threads" + (quick ? "" : ", and 16 that report quiescent states")
                + "; TraceReadSideBench";
    }

    @Override
    void configure(SuiteContext ctx) {
        busyCounts = counts(ctx.quick());
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        String agent = "-javaagent:" + ctx.agentJar() + "=control=false";
        JmhRun.Settings quick = new JmhRun.Settings(1, 1, 1, 2, 1);
        results.addAll(JmhRun.of("dev.quiesce.bench.GracePeriodBench").jvmArgsAppend(agent)
                .param("busyThreads", "0").param("busyKind", "platform").param("reporting", "false")
                .quick(quick).full(new JmhRun.Settings(1, 3, 1, 5, 1)).run(ctx, id()));
        results.addAll(JmhRun.of("dev.quiesce.bench.GracePeriodBench").jvmArgsAppend(agent)
                .param("busyThreads", busyCounts.toArray(String[]::new)).param("busyKind", KINDS).param("reporting", "false")
                .quick(quick).full(new JmhRun.Settings(1, 1, 2, 3, 3)).run(ctx, id()));
        if (!ctx.quick()) {
            results.addAll(JmhRun.of("dev.quiesce.bench.GracePeriodBench").jvmArgsAppend(agent)
                    .param("busyThreads", "16").param("busyKind", KINDS).param("reporting", "true")
                    .full(new JmhRun.Settings(1, 1, 2, 3, 3)).run(ctx, id()));
        }
        JmhRun read = JmhRun.of("dev.quiesce.bench.TraceReadSideBench")
                .quick(new JmhRun.Settings(1, 2, 0.5, 3, 0.5)).full(new JmhRun.Settings(1, 3, 1, 5, 1));
        if (ctx.quick()) {
            read.exclude("TwoThreads").exclude("threadLocalGet");
        }
        results.addAll(read.run(ctx, id()));
    }

    private double median(String op, String threads, String kind, String reporting) {
        return results.median(BENCH + op, "busyThreads", threads, "busyKind", kind, "reporting", reporting);
    }

    @Override
    void render(Report report) {
        report.paragraph("Median of one operation in microseconds. `synchronize()` and `synchronizeExpedited()` on a private "
                + "`TasksRcu` domain; `Arena.ofShared()` + allocate + `close()`, the JDK's own handshake with every thread, "
                + "as the reference. Busy threads spin outside any read section and never report (a grace period clears a "
                + "platform thread by a stack sample, a carrier by its hooks or a sample of its mounted virtual thread); "
                + "\"reporting\" rows: they call `Quiescence.report()` (platform) or `Thread.yield()` (virtual) every 1024 "
                + "iterations.");
        Table t = new Table("busy threads", "kind", "synchronize us>", "expedited us>", "Arena close us>",
                "synchronize / Arena>");
        List<String> rows = new ArrayList<>();
        rows.add("0");
        rows.addAll(busyCounts);
        for (String n : rows) {
            for (String kind : n.equals("0") ? new String[] {"platform"} : KINDS) {
                double s = median("synchronize", n, kind, "false");
                double e = median("synchronizeExpedited", n, kind, "false");
                double a = median("sharedArenaClose", n, kind, "false");
                t.row(n, n.equals("0") ? "idle" : kind, Fmt.num(s), Fmt.num(e), Fmt.num(a), Fmt.ratio(s / a));
            }
        }
        for (String kind : KINDS) {
            if (results.find(BENCH + "synchronize", "busyThreads", "16", "busyKind", kind, "reporting", "true").isPresent()) {
                double s = median("synchronize", "16", kind, "true");
                double e = median("synchronizeExpedited", "16", kind, "true");
                double a = median("sharedArenaClose", "16", kind, "true");
                t.row("16", kind + ", reporting", Fmt.num(s), Fmt.num(e), Fmt.num(a), Fmt.ratio(s / a));
            }
        }
        report.table(t);

        LineChart chart = new LineChart("Grace-period latency against busy threads (JDK 25, median, lower is better)",
                "busy threads (CPU-bound, never reporting)", "microseconds, log scale").yLog(true);
        String[] names = {"synchronize()", "synchronizeExpedited()", "Arena.ofShared().close()"};
        for (String kind : KINDS) {
            for (int o = 0; o < OPS.length; o++) {
                double[] xs = new double[rows.size()];
                double[] ys = new double[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    xs[i] = Double.parseDouble(rows.get(i));
                    String k = rows.get(i).equals("0") ? "platform" : kind;
                    ys[i] = median(OPS[o], rows.get(i), k, "false");
                }
                chart.series(names[o] + ", " + kind + " threads", xs, ys);
            }
        }
        report.picture("grace-period.svg", "grace-period latency against the number of busy threads", chart.toSvg());

        Table r = new Table("read side", "ns per operation>");
        for (String b : new String[] {"readLockUnlock", "empty", "volatileIncrement", "fullFence", "threadLocalGet"}) {
            if (results.find("TraceReadSideBench." + b).isPresent()) {
                r.row("`" + b + "`", Fmt.withError(results.score("TraceReadSideBench." + b),
                        results.error("TraceReadSideBench." + b)));
            }
        }
        report.paragraph("`TasksTraceRcu` read side: one `readLock()` + `readUnlock()` pair, empty section, next to baselines "
                + "for scale (an empty method, `v++` on a volatile, a full fence, a `ThreadLocal.get()`).");
        report.table(r);

        double idle = median("synchronize", "0", "platform", "false");
        double arena = median("sharedArenaClose", "0", "platform", "false");
        report.verdict(Verdict.of("`synchronize()` idle median < 100 us", Fmt.num(idle) + " us", idle < 100,
                "by " + Fmt.num(idle - 100) + " us", idle));
        report.verdict(Verdict.of("`synchronize()` idle median below `Arena.ofShared().close()`",
                Fmt.num(idle) + " vs " + Fmt.num(arena) + " us (" + Fmt.ratio(idle / arena) + ")", idle < arena,
                Fmt.ratio(idle / arena), idle, arena));
        for (String kind : KINDS) {
            StringBuilder measured = new StringBuilder();
            double worst = busyCounts.isEmpty() ? Double.NaN : Double.NEGATIVE_INFINITY;
            String worstAt = "";
            for (String n : busyCounts) {
                double ratio = median("synchronize", n, kind, "false") / median("sharedArenaClose", n, kind, "false");
                measured.append(measured.length() > 0 ? ", " : "").append(n).append(": ").append(Fmt.ratio(ratio));
                if (Double.isNaN(ratio) || Double.isNaN(worst)) {
                    worst = Double.NaN; // a missing trial: no verdict
                } else if (ratio > worst) {
                    worst = ratio;
                    worstAt = n;
                }
            }
            report.verdict(Verdict.of("`synchronize()` no worse than `Arena.ofShared().close()` with busy " + kind
                    + " threads", "median ratio by busy threads: " + measured, worst <= 1,
                    "worst " + Fmt.ratio(worst) + " at " + worstAt + " busy thread(s)", worst));
        }
        double pair = results.score("TraceReadSideBench.readLockUnlock");
        report.verdict(Verdict.of("`TasksTraceRcu` read-side pair < 5 ns", Fmt.num(pair) + " ns", pair < 5,
                "by " + Fmt.num(pair - 5) + " ns", pair));
    }
}
