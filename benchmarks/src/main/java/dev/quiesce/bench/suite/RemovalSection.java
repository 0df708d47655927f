package dev.quiesce.bench.suite;

import dev.quiesce.bench.suite.chart.BarChart;
import java.util.List;

/**
 * {@code RemovalVsRetransformBench}: taking a probe off end to end (quiesce's unlink and grace period, swaps) against
 * what the peers do on removal (retransforming the class back), with 0, 4 and 16 busy threads calling the method.
 */
final class RemovalSection extends Section {
    private static final String BENCH = "RemovalVsRetransformBench.";
    private static final List<String> THREADS = List.of("0", "4", "16");

    /** The busy-thread counts run: all three, or none busy with --smoke (whose numbers mean nothing anyway). */
    private List<String> threads = THREADS;

    private record Config(String id, String label, String tool) {
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("quiesceRemove", "quiesce remove (count probe)", "quiesce remove"),
            new Config("quiesceSwap", "quiesce swap (count probe)", "quiesce swap"),
            new Config("quiesceSwapTiming", "quiesce swap (timing probe)", "quiesce swap"),
            new Config("quiesceSwapHandler", "quiesce swap (handler object)", "quiesce swap"),
            new Config("retransformBack", "retransform the class back (the peers' removal)", "retransform back"));

    @Override
    String id() {
        return "removal";
    }

    @Override
    String title() {
        return "Removal and swap against retransforming the class back";
    }

    @Override
    String plan(boolean quick) {
        return "RemovalVsRetransformBench, 5 configurations x 0, 4, 16 busy threads";
    }

    @Override
    void configure(SuiteContext ctx) {
        threads = ctx.smoke() ? List.of("0") : THREADS;
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        results.addAll(JmhRun.of("dev.quiesce.bench.RemovalVsRetransformBench").param("busyThreads", threads.toArray(String[]::new))
                .quick(new JmhRun.Settings(1, 1, 1, 2, 2))
                .full(new JmhRun.Settings(1, 1, 2, 3, 4))
                .run(ctx, id()));
    }

    private Row row(String config, String threads) {
        return results.find(BENCH + config, "busyThreads", threads).filter(r -> !r.failed()).orElse(null);
    }

    @Override
    void render(Report report) {
        report.paragraph("Taking the instrumentation off `example.bench.Tariff.rate` end to end while busy platform threads "
                + "call it nonstop (inlined into their compiled loop); microseconds per operation, p50 / p90 / p99 of every "
                + "sampled operation. quiesce's operations include the grace period and are checked (the removed version "
                + "never runs again, no class is retransformed); the peers' removal is `removeTransformer` + "
                + "`retransformClasses`.");
        Table t = new Table("operation", "0 busy threads p50 / p90 / p99 us>", "4 busy>", "16 busy>");
        BarChart chart = new BarChart("Removing a probe while threads call the method (JDK 25, median, lower is better)",
                "microseconds, log scale").logScale(true).unit("us");
        for (Config c : CONFIGS) {
            String[] cells = new String[THREADS.size()];
            for (int i = 0; i < cells.length; i++) {
                if (!threads.contains(THREADS.get(i))) {
                    cells[i] = "not run";
                    continue;
                }
                Row r = row(c.id(), THREADS.get(i));
                cells[i] = r == null ? "n/a" : Fmt.num(r.p50()) + " / " + Fmt.num(r.p90()) + " / " + Fmt.num(r.p99());
                if (r != null && (c.id().equals("quiesceRemove") || c.id().equals("quiesceSwapHandler")
                        || c.id().equals("retransformBack"))) {
                    chart.bar(c.label() + ", " + THREADS.get(i) + " busy", r.p50(), c.tool());
                }
            }
            t.row(c.label(), cells[0], cells[1], cells[2]);
        }
        report.table(t);
        report.picture("removal.svg", "median time to take a probe off, by busy threads", chart.toSvg());
        for (String n : threads) {
            Row q = row("quiesceRemove", n);
            Row p = row("retransformBack", n);
            double qv = q == null ? Double.NaN : q.p50();
            double pv = p == null ? Double.NaN : p.p50();
            double r = qv / pv;
            report.verdict(Verdict.of("`remove` end to end faster than retransforming the class back, " + n + " busy threads",
                    "median " + Fmt.num(qv) + " vs " + Fmt.num(pv) + " us (" + Fmt.ratio(r) + ")", r < 1,
                    Fmt.ratio(r) + "; the grace period, which must see every busy thread, is most of the removal", qv, pv));
        }
    }
}
