package dev.quiesce.bench.suite;

import dev.quiesce.bench.suite.chart.BarChart;
import java.util.List;

/**
 * {@code PeerProbeCostBench}: one call of a small method, uninstrumented, with quiesce's site and probes, with a
 * Byteman rule and with a Byte Buddy {@code Advice} counter; inlined into the caller and not.
 */
final class ProbeCostSection extends Section {
    private static final String BENCH = "PeerProbeCostBench.";

    /** Configuration, how the tables name it, and the tool it belongs to (the picture's colour). */
    private record Config(String id, String label, String tool) {
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("uninstrumented", "uninstrumented (no agent)", "no agent"),
            new Config("agentOnly", "quiesce loaded, method not woven", "quiesce"),
            new Config("idleSite", "quiesce site, no probe", "quiesce"),
            new Config("count", "quiesce count probe", "quiesce"),
            new Config("hist", "quiesce histogram probe (timing)", "quiesce"),
            new Config("byteBuddyPlain", "Byte Buddy Advice, static long++", "Byte Buddy"),
            new Config("byteBuddy", "Byte Buddy Advice, LongAdder", "Byte Buddy"),
            new Config("bytemanCompiled", "Byteman rule, compiled to bytecode", "Byteman"),
            new Config("byteman", "Byteman rule (default, interpreted)", "Byteman"));

    @Override
    String id() {
        return "probe-cost";
    }

    @Override
    String title() {
        return "Probe cost against the peers";
    }

    @Override
    String plan(boolean quick) {
        return "PeerProbeCostBench, 18 configurations in forks of their own";
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        // the benchmarks' own @Forks carry each configuration's agents: no jvmArgsAppend here
        results.addAll(JmhRun.of("dev.quiesce.bench.(PeerProbeCostBench|ClockBench)")
                .quick(new JmhRun.Settings(1, 2, 0.5, 3, 0.5))
                .full(new JmhRun.Settings(2, 3, 1, 5, 1))
                .run(ctx, id()));
    }

    private double score(String config, boolean inlined) {
        return results.score(BENCH + config + (inlined ? "Inlined" : "NotInlined"));
    }

    private double error(String config, boolean inlined) {
        return results.error(BENCH + config + (inlined ? "Inlined" : "NotInlined"));
    }

    @Override
    void render(Report report) {
        report.paragraph("One call of `example.bench.Ledger.post` (a field add, a shift, a xor, a multiply), ns per call, "
                + "mean ± 99.9% error; every configuration in forks of its own; each trial fails unless its counter saw "
                + "every call. *Added* is the configuration minus the uninstrumented method.");
        Table t = new Table("configuration", "inlined ns>", "added>", "x uninstrumented>", "not inlined ns>", "added >",
                "x uninstrumented >");
        BarChart chart = new BarChart("Cost of one call with a counting probe (JDK 25, lower is better)",
                "ns per call, log scale").logScale(true).unit("ns");
        double base = score("uninstrumented", true);
        double baseN = score("uninstrumented", false);
        for (Config c : CONFIGS) {
            double in = score(c.id(), true);
            double not = score(c.id(), false);
            t.row(c.label(), Fmt.withError(in, error(c.id(), true)), c.id().equals("uninstrumented") ? "" : Fmt.num(in - base),
                    Fmt.ratio(in / base), Fmt.withError(not, error(c.id(), false)),
                    c.id().equals("uninstrumented") ? "" : Fmt.num(not - baseN), Fmt.ratio(not / baseN));
            if (Double.isFinite(in)) {
                chart.bar(c.label() + ", inlined", in, c.tool());
            }
            if (Double.isFinite(not)) {
                chart.bar(c.label() + ", not inlined", not, c.tool());
            }
        }
        report.table(t);
        report.paragraph("One `System.nanoTime()` (`ClockBench`, what a timing probe reads twice per call): "
                + Fmt.withError(results.score("ClockBench.nanoTime"), results.error("ClockBench.nanoTime")) + " ns.");
        report.picture("probe-cost.svg", "ns per call for each probe configuration", chart.toSvg());

        for (boolean inlined : new boolean[] {true, false}) {
            String how = inlined ? "inlined" : "not inlined";
            double u = score("uninstrumented", inlined);
            double idle = score("idleSite", inlined);
            double err = error("idleSite", inlined) + error("uninstrumented", inlined);
            double r = idle / u;
            report.verdict(Verdict.of("site with no probe <= 1.02x the uninstrumented method (" + how + ")",
                    Fmt.num(idle) + " vs " + Fmt.num(u) + " ns: " + Fmt.ratio(r), r <= 1.02,
                    Math.abs(idle - u) <= err ? "by " + Fmt.num(idle - u) + " ns, within the errors (±" + Fmt.num(err) + " ns)"
                            : "by " + Fmt.pct(100 * (r - 1.02)), u, idle));
        }
        for (boolean inlined : new boolean[] {true, false}) {
            String how = inlined ? "inlined" : "not inlined";
            double u = score("uninstrumented", inlined);
            double count = score("count", inlined) - u;
            double bm = score("byteman", inlined) - u;
            double bmc = score("bytemanCompiled", inlined) - u;
            double worst = Math.min(bm / count, bmc / count);
            report.verdict(Verdict.of("count probe >= 20x cheaper per hit than a Byteman rule (" + how + ")",
                    "per hit: quiesce +" + Fmt.num(count) + " ns, Byteman +" + Fmt.num(bm) + " ns ("
                            + Fmt.ratio(bm / count) + "), compiled +" + Fmt.num(bmc) + " ns (" + Fmt.ratio(bmc / count) + ")",
                    worst >= 20, "lowest " + Fmt.ratio(worst), count, bm, bmc));
        }
        for (boolean inlined : new boolean[] {true, false}) {
            String how = inlined ? "inlined" : "not inlined";
            double count = score("count", inlined);
            double bb = score("byteBuddy", inlined);
            double plain = score("byteBuddyPlain", inlined);
            report.verdict(Verdict.of("count probe no slower than a Byte Buddy inlined counter (" + how + ")",
                    Fmt.num(count) + " ns vs " + Fmt.num(bb) + " (LongAdder advice, " + Fmt.ratio(count / bb) + ") and "
                            + Fmt.num(plain) + " (plain long++ advice, " + Fmt.ratio(count / plain) + ")",
                    count <= bb && count <= plain,
                    count <= bb && count > plain ? "against the plain (not thread-safe) counter, by "
                            + Fmt.num(count - plain) + " ns" : count > bb ? "by " + Fmt.num(count - bb) + " ns" : "",
                    count, bb, plain));
        }
        for (boolean inlined : new boolean[] {true, false}) {
            String how = inlined ? "inlined" : "not inlined";
            double u = score("uninstrumented", inlined);
            double count = score("count", inlined) - u;
            double hist = score("hist", inlined) - u;
            report.verdict(Verdict.of("count probe < 1 ns added per call (" + how + ")", "+" + Fmt.num(count) + " ns",
                    count < 1, "by " + Fmt.num(count - 1) + " ns", count));
            double clock = results.score("ClockBench.nanoTime");
            report.verdict(Verdict.of("histogram probe < 10 ns added per call (" + how + ")", "+" + Fmt.num(hist) + " ns",
                    hist < 10, "by " + Fmt.num(hist - 10) + " ns; a timing probe reads System.nanoTime() twice, "
                            + Fmt.num(clock) + " ns each here", hist));
        }
    }
}
