package dev.quiesce.bench.suite;

/**
 * The agent's own latencies and hooks: {@code ProbeLifecycleBench} (swap on a hot site, remove on an idle
 * service) and {@code CarrierHookBench} (a virtual thread's yield and park/unpark with and without the hooks).
 */
final class LifecycleSection extends Section {
    @Override
    String id() {
        return "lifecycle";
    }

    @Override
    String title() {
        return "Swap and removal latency, carrier hooks";
    }

    @Override
    String plan(boolean quick) {
        return "ProbeLifecycleBench (3 operations), ProbeSiteBench (count and handler probes), CarrierHookBench (4)";
    }

    /** --smoke leaves out the swap on a hot site, whose caller thread could hold its grace period (docs/agent.md). */
    private boolean hotSite = true;

    @Override
    void configure(SuiteContext ctx) {
        hotSite = !ctx.smoke();
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        JmhRun lifecycle = JmhRun.of("dev.quiesce.bench.ProbeLifecycleBench");
        if (!hotSite) {
            lifecycle.exclude("swapHotSite");
        }
        results.addAll(lifecycle.jvmArgsAppend("-javaagent:" + ctx.agentJar())
                .quick(new JmhRun.Settings(1, 1, 1, 2, 1))
                .full(new JmhRun.Settings(2, 3, 1, 5, 1))
                .run(ctx, id()));
        results.addAll(JmhRun.of("dev.quiesce.bench.ProbeSiteBench").param("probe", "uninstrumented", "count", "handler")
                .jvmArgsAppend("-javaagent:" + ctx.agentJar())
                .quick(new JmhRun.Settings(1, 2, 0.5, 3, 0.5))
                .full(new JmhRun.Settings(2, 3, 1, 5, 1))
                .run(ctx, id()));
        // its forks load the agent themselves, with and without the hooks
        results.addAll(JmhRun.of("dev.quiesce.bench.CarrierHookBench")
                .quick(new JmhRun.Settings(1, 2, 0.5, 4, 0.5))
                .full(new JmhRun.Settings(3, 5, 1, 10, 1))
                .run(ctx, id()));
    }

    @Override
    void render(Report report) {
        report.paragraph("`swapHotSite`: one `swap` of a count probe whose method another thread calls nonstop (a relink); "
                + "`swapHotHandler`: the same for a handler-object probe (a store into its version slot); `removeIdle`: "
                + "`remove(...).join()` end to end on an idle service. Microseconds per operation.");
        Table t = new Table("operation", "p50 us>", "p90 us>", "p99 us>", "samples>");
        for (String op : new String[] {"swapHotSite", "swapHotHandler", "removeIdle"}) {
            if (op.equals("swapHotSite") && !hotSite) {
                t.row("`" + op + "`", "not run", "", "", "");
                continue;
            }
            Row r = results.find("ProbeLifecycleBench." + op).filter(x -> !x.failed()).orElse(null);
            t.row("`" + op + "`", r == null ? "n/a" : Fmt.num(r.p50()), r == null ? "n/a" : Fmt.num(r.p90()),
                    r == null ? "n/a" : Fmt.num(r.p99()), r == null ? "n/a" : r.samples());
        }
        report.table(t);
        report.paragraph("What a probe adds per call (`ProbeSiteBench`, `example.bench.Pricing.price`, agent loaded in every "
                + "fork; ns per call, mean ± 99.9% error): a count probe, and a handler probe whose handler object does "
                + "nothing (the arguments boxed, the version loaded from the probe's slot inside a `TasksTraceRcu` read "
                + "section, which is what lets its swaps skip stack sampling).");
        Table c = new Table("probe", "inlined ns>", "added>", "not inlined ns>", "added >");
        double u = results.score("ProbeSiteBench.inlined", "probe", "uninstrumented");
        double un = results.score("ProbeSiteBench.notInlined", "probe", "uninstrumented");
        for (String p : new String[] {"uninstrumented", "count", "handler"}) {
            double in = results.score("ProbeSiteBench.inlined", "probe", p);
            double not = results.score("ProbeSiteBench.notInlined", "probe", p);
            c.row("`" + p + "`", Fmt.withError(in, results.error("ProbeSiteBench.inlined", "probe", p)),
                    p.equals("uninstrumented") ? "" : Fmt.num(in - u),
                    Fmt.withError(not, results.error("ProbeSiteBench.notInlined", "probe", p)),
                    p.equals("uninstrumented") ? "" : Fmt.num(not - un));
        }
        report.table(c);
        report.paragraph("A virtual thread's `Thread.yield()` (one unmount and mount) and a `park`/`unpark` turn between two "
                + "virtual threads, with the carrier hooks and without (agent loaded with `carrierHooks=false`); ns per "
                + "operation, mean ± 99.9% error.");
        Table h = new Table("operation", "no hooks ns>", "hooks ns>", "added>");
        for (String op : new String[] {"yield", "pingPong"}) {
            double off = results.score("CarrierHookBench." + op + "NoHooks");
            double on = results.score("CarrierHookBench." + op + "Hooked");
            h.row("`" + op + "`", Fmt.withError(off, results.error("CarrierHookBench." + op + "NoHooks")),
                    Fmt.withError(on, results.error("CarrierHookBench." + op + "Hooked")), Fmt.pct(100 * (on - off) / off));
            report.verdict(Verdict.of("carrier hooks < 10% added to a virtual thread's " + op,
                    Fmt.num(on) + " vs " + Fmt.num(off) + " ns (" + Fmt.pct(100 * (on - off) / off) + ")",
                    on < 1.10 * off, "by " + Fmt.pct(100 * (on - 1.10 * off) / off), on, off));
        }
        report.table(h);
        double site = results.median("ProbeLifecycleBench.swapHotSite");
        double handler = results.median("ProbeLifecycleBench.swapHotHandler");
        double remove = results.median("ProbeLifecycleBench.removeIdle");
        if (hotSite) {
            report.verdict(Verdict.of("`swap` on a hot site, median < 1 ms (count probe: a relink)", Fmt.num(site) + " us",
                    site < 1000, "by " + Fmt.num(site - 1000) + " us: the relink deoptimizes the caller", site));
        }
        report.verdict(Verdict.of("`swap` on a hot site, median < 1 ms (handler probe: a slot store)", Fmt.num(handler) + " us",
                handler < 1000, "by " + Fmt.num(handler - 1000) + " us", handler));
        report.verdict(Verdict.of("`remove` end to end, idle service, median < 5 ms", Fmt.num(remove) + " us",
                remove < 5000, "by " + Fmt.num(remove - 5000) + " us", remove));
    }
}
