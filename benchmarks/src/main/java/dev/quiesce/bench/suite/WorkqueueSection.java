package dev.quiesce.bench.suite;

/**
 * {@code WorkqueueBench} (tiny-item throughput and queue-to-start latency against {@code ForkJoinPool} and
 * {@code ThreadPoolExecutor}), {@code RetireBench} (one {@code retire()}) and {@code RetireFloodBench}
 * ({@code retire()} under a flood: throughput and the memory pending retirements hold, against one callback per
 * resource).
 */
final class WorkqueueSection extends Section {
    private static final String[] KINDS = {"workqueue", "forkJoinPool", "threadPoolExecutor"};

    @Override
    String id() {
        return "workqueue";
    }

    @Override
    String title() {
        return "Workqueues and retire()";
    }

    @Override
    String plan(boolean quick) {
        return "WorkqueueBench against ForkJoinPool and ThreadPoolExecutor, RetireBench, RetireFloodBench";
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        results.addAll(JmhRun.of("dev.quiesce.bench.(WorkqueueBench|RetireBench|RetireFloodBench)")
                .quick(new JmhRun.Settings(1, 2, 1, 3, 1))
                .full(new JmhRun.Settings(2, 3, 1, 5, 1))
                .run(ctx, id()));
    }

    @Override
    void render(Report report) {
        report.paragraph("`burst`: 4 submitter threads each queue 1000 tiny items and wait for them (items/s = bursts/s x "
                + "1000); `roundTrip`: one item queued on an idle pool, the submitter spinning until it ran (queue-to-start "
                + "latency, microseconds), items back to back (the pool has just run dry); `roundTripAsleep`: the same "
                + "1 ms after the previous item, when every executor's workers sleep.");
        Table t = new Table("executor", "items/s>", "x workqueue>", "roundTrip p50 us>", "p99 us>",
                "roundTripAsleep p50 us>", "p99 us>");
        double wq = results.score("WorkqueueBench.burst", "kind", "workqueue") * 1000;
        for (String k : KINDS) {
            double items = results.score("WorkqueueBench.burst", "kind", k) * 1000;
            Row rt = results.find("WorkqueueBench.roundTrip", "kind", k).filter(r -> !r.failed()).orElse(null);
            Row asleep = results.find("WorkqueueBench.roundTripAsleep", "kind", k).filter(r -> !r.failed()).orElse(null);
            t.row("`" + k + "`", Fmt.num(items), Fmt.ratio(items / wq), rt == null ? "n/a" : Fmt.num(rt.p50()),
                    rt == null ? "n/a" : Fmt.num(rt.p99()), asleep == null ? "n/a" : Fmt.num(asleep.p50()),
                    asleep == null ? "n/a" : Fmt.num(asleep.p99()));
        }
        report.table(t);

        double retire = results.score("RetireBench.retire");
        report.paragraph("One `TasksRcu.retire()` of a no-op resource (caller's cost, grace periods running meanwhile): "
                + Fmt.withError(retire, results.error("RetireBench.retire")) + " ns.");
        report.paragraph("A flood: 4 threads retire new resources (64-byte payload each) nonstop; `retire` puts them in pages "
                + "of 256 (at most 1024 pages, then callers wait for a grace period themselves), `callPerResource` queues one "
                + "callback each. Peaks sampled every millisecond.");
        Table f = new Table("kind", "resources/s>", "peak pending resources>", "peak pages>", "peak held KiB>");
        for (String k : new String[] {"retire", "callPerResource"}) {
            String b = "RetireFloodBench.flood";
            double unit = results.find(b, "kind", k).map(r -> r.unit().startsWith("ops/us") ? 1e6 : 1).orElse(1.0);
            f.row("`" + k + "`", Fmt.num(results.score(b, "kind", k) * unit),
                    Fmt.num(results.secondary("peakPending", b, "kind", k)),
                    Fmt.num(results.secondary("peakPages", b, "kind", k)),
                    Fmt.num(results.secondary("peakHeldKiB", b, "kind", k)));
        }
        report.table(f);

        double fjp = results.score("WorkqueueBench.burst", "kind", "forkJoinPool") * 1000;
        double tpe = results.score("WorkqueueBench.burst", "kind", "threadPoolExecutor") * 1000;
        report.verdict(Verdict.of("workqueue tiny-item throughput >= 1.0x ForkJoinPool", Fmt.ratio(wq / fjp),
                wq >= fjp, "by " + Fmt.ratio(fjp / wq), wq, fjp));
        report.verdict(Verdict.of("workqueue tiny-item throughput >= 1.5x ThreadPoolExecutor", Fmt.ratio(wq / tpe),
                wq >= 1.5 * tpe, Fmt.ratio(wq / tpe) + " of 1.5x", wq, tpe));
        double rt = results.median("WorkqueueBench.roundTrip", "kind", "workqueue");
        report.verdict(Verdict.of("workqueue queue-to-start median < 20 us, idle pool (just run dry)",
                Fmt.num(rt) + " us", rt < 20, "by " + Fmt.num(rt - 20) + " us", rt));
        double asleep = results.median("WorkqueueBench.roundTripAsleep", "kind", "workqueue");
        double tpeAsleep = results.median("WorkqueueBench.roundTripAsleep", "kind", "threadPoolExecutor");
        report.verdict(Verdict.of("workqueue queue-to-start median < 20 us, idle pool (workers asleep)",
                Fmt.num(asleep) + " us (`ThreadPoolExecutor` " + Fmt.num(tpeAsleep) + " us)", asleep < 20,
                "by " + Fmt.num(asleep - 20) + " us: a thread's wake-up on this host", asleep, tpeAsleep));
        report.verdict(Verdict.of("`retire()` fast path < 50 ns", Fmt.num(retire) + " ns", retire < 50,
                "by " + Fmt.num(retire - 50) + " ns", retire));
    }
}
