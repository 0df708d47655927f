package dev.quiesce.bench.suite;

import dev.quiesce.bench.ab.QueueToStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code WorkqueueBench} (tiny-item throughput and queue-to-start latency against {@code ForkJoinPool} and
 * {@code ThreadPoolExecutor}), {@code RetireBench} (one {@code retire()}) and {@code RetireFloodBench}
 * ({@code retire()} under a flood: throughput and the memory pending retirements hold, against one callback per
 * resource), and {@link QueueToStart} (the time from queueing to an item's start on a pool whose workers sleep,
 * which JMH, timing whole invocations, cannot report), run in a JVM of its own on the forks' JDK.
 */
final class WorkqueueSection extends Section {
    private static final String[] KINDS = {"workqueue", "forkJoinPool", "threadPoolExecutor"};
    static final String QUEUE_TO_START = "QueueToStart.asleep";

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
        return "WorkqueueBench against ForkJoinPool and ThreadPoolExecutor, RetireBench, RetireFloodBench, QueueToStart";
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        results.addAll(JmhRun.of("dev.quiesce.bench.(WorkqueueBench|RetireBench|RetireFloodBench)")
                .quick(new JmhRun.Settings(1, 2, 1, 3, 1))
                .full(new JmhRun.Settings(2, 3, 1, 5, 1))
                .run(ctx, id()));
        results.addAll(queueToStart(ctx));
    }

    /**
     * Runs {@link QueueToStart} with the workers asleep, in a JVM of its own on the forks' JDK, and reads its table:
     * one row per executor (the start latency's p50, p90, p99), or a failed row for each if it did not finish.
     */
    private static List<Row> queueToStart(SuiteContext ctx) {
        int rounds = ctx.smoke() ? QueueToStart.WARM_UP_ROUNDS + 1 : ctx.quick() ? 6 : 12;
        int samples = ctx.smoke() ? 50 : ctx.quick() ? 500 : 1000;
        ctx.out().println("  QueueToStart: " + rounds + " rounds x " + samples + " items per executor, 1 ms apart");
        List<Row> rows = new ArrayList<>();
        String why;
        try {
            Path log = Files.createDirectories(ctx.logDir()).resolve("queue-to-start.out");
            Process p = new ProcessBuilder(ctx.java(), "-cp", "benchmarks/target/benchmarks.jar",
                    QueueToStart.class.getName(), String.valueOf(rounds), "1000", String.valueOf(samples))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                why = "QueueToStart did not end in 10 minutes";
            } else {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                why = p.exitValue() != 0 ? "QueueToStart exited with " + p.exitValue() + ": " + text : null;
                for (String k : KINDS) {
                    Matcher m = Pattern.compile("(?m)^" + k + "((?: +[0-9.]+){5})$").matcher(text);
                    if (why != null || !m.find()) {
                        why = why != null ? why : "no row for " + k + " in QueueToStart's output: " + text;
                        break;
                    }
                    String[] f = m.group(1).trim().split(" +");
                    double p50 = Double.parseDouble(f[0]);
                    rows.add(new Row(QUEUE_TO_START, Map.of("kind", k), "sample", "us/op", p50, Double.NaN, p50,
                            Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            (long) (rounds - QueueToStart.WARM_UP_ROUNDS) * samples, Map.of(), null));
                }
            }
        } catch (IOException e) {
            why = "QueueToStart could not run: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        if (why != null) {
            rows.clear();
            for (String k : KINDS) {
                rows.add(Row.failed(QUEUE_TO_START, Map.of("kind", k), why));
            }
        }
        return rows;
    }

    @Override
    void render(Report report) {
        report.paragraph("`burst`: 4 submitter threads each queue 1000 tiny items and wait for them (items/s = bursts/s x "
                + "1000); `roundTrip`: one item queued on an idle pool, the submitter spinning until it ran (a round "
                + "trip, microseconds), items back to back (the pool has just run dry); `roundTripAsleep`: the same "
                + "1 ms after the previous item, when every executor's workers sleep; both include the submitter's "
                + "return from its wake-up call. `start, asleep`: from the call that queues the item to the item's start, "
                + "1 ms after the previous item (`QueueToStart`, in a JVM of its own, the executors in turns).");
        Table t = new Table("executor", "items/s>", "x workqueue>", "roundTrip p50 us>", "p99 us>",
                "roundTripAsleep p50 us>", "p99 us>", "start, asleep p50 us>", "p99 us>");
        double wq = results.score("WorkqueueBench.burst", "kind", "workqueue") * 1000;
        for (String k : KINDS) {
            double items = results.score("WorkqueueBench.burst", "kind", k) * 1000;
            Row rt = results.find("WorkqueueBench.roundTrip", "kind", k).filter(r -> !r.failed()).orElse(null);
            Row asleep = results.find("WorkqueueBench.roundTripAsleep", "kind", k).filter(r -> !r.failed()).orElse(null);
            Row start = results.find(QUEUE_TO_START, "kind", k).filter(r -> !r.failed()).orElse(null);
            t.row("`" + k + "`", Fmt.num(items), Fmt.ratio(items / wq), rt == null ? "n/a" : Fmt.num(rt.p50()),
                    rt == null ? "n/a" : Fmt.num(rt.p99()), asleep == null ? "n/a" : Fmt.num(asleep.p50()),
                    asleep == null ? "n/a" : Fmt.num(asleep.p99()), start == null ? "n/a" : Fmt.num(start.p50()),
                    start == null ? "n/a" : Fmt.num(start.p99()));
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
        double asleep = results.median(QUEUE_TO_START, "kind", "workqueue");
        double fjpAsleep = results.median(QUEUE_TO_START, "kind", "forkJoinPool");
        report.verdict(Verdict.of("workqueue queue-to-start median < 20 us, idle pool (workers asleep)",
                Fmt.num(asleep) + " us (`ForkJoinPool` " + Fmt.num(fjpAsleep) + " us)", asleep < 20,
                "by " + Fmt.num(asleep - 20) + " us", asleep, fjpAsleep));
        report.verdict(Verdict.of("`retire()` fast path < 50 ns", Fmt.num(retire) + " ns", retire < 50,
                "by " + Fmt.num(retire - 50) + " ns", retire));
    }
}
