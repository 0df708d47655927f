package dev.quiesce.bench.suite;

import dev.quiesce.bench.realservice.RealServiceRun;
import dev.quiesce.bench.suite.chart.LineChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link RealServiceRun}: Jetty under load, latency percentiles with no agent, with quiesce attached and idle, with
 * a histogram probe on the request handler, during probe churn, and after detach.
 */
final class RealServiceSection extends Section {
    /** Where a percentile plot puts the maximum: past 99.999%. */
    private static final double MAX_X = 5.6;

    private Map<String, Map<String, Object>> phases = Map.of();
    private boolean ok;
    private String failure;

    @Override
    String id() {
        return "real-service";
    }

    @Override
    String title() {
        return "A real service (Jetty)";
    }

    @Override
    String plan(boolean quick) {
        return quick ? "RealServiceRun, short phases (--quick: 10 s after 8 s of warm-up; --smoke: 2 s)"
                : "RealServiceRun: 45 s per phase after 20 s of warm-up";
    }

    @Override
    void run(SuiteContext ctx) throws Exception {
        RealServiceRun.Settings s = RealServiceRun.Settings.defaults().withJava(ctx.java())
                .withOut(ctx.logDir().resolve("realservice.json"));
        if (ctx.smoke()) {
            s = s.times(2, 2);
        } else if (ctx.quick()) {
            s = s.quick();
        }
        try {
            RealServiceRun.Outcome o = RealServiceRun.run(s);
            Object rs = JsonReader.read(o.json().trim());
            // Rendered from the figures as the results file holds them, as --render reads them back: the run's own
            // doubles, rounded once more than the file's, could round a percentage the other way.
            restore(java.util.Map.of("realservice", rs));
            if (failure != null) { // the run's JSON lacked its phases: keep what the run returned
                failure = null;
                phases = o.phases();
            }
            ok = o.ok();
        } catch (Exception e) {
            failure = e.toString();
            throw e;
        }
    }

    /** The real service's own JSON (its phases, each with its percentile curve) from the results file. */
    @Override
    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> json) {
        if (!(json.get("realservice") instanceof Map<?, ?> rs) || !(rs.get("phases") instanceof Map<?, ?> ph)) {
            failure = "no real-service figures in the results file";
            return;
        }
        Map<String, Map<String, Object>> restored = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ph.entrySet()) {
            Map<String, Object> phase = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Object> f : ((Map<String, Object>) e.getValue()).entrySet()) {
                Object v = f.getValue();
                if (f.getKey().equals("curve") && v instanceof List<?> pts) {
                    StringBuilder sb = new StringBuilder("[");
                    for (Object pt : pts) {
                        List<?> xy = (List<?>) pt;
                        sb.append(sb.length() > 1 ? "," : "").append('[').append(xy.get(0)).append(',').append(xy.get(1))
                                .append(']');
                    }
                    v = new RealServiceRun.RawJson(sb.append(']').toString());
                }
                phase.put(f.getKey(), v);
            }
            restored.put(String.valueOf(e.getKey()), phase);
        }
        phases = restored;
        ok = Boolean.TRUE.equals(rs.get("ok"));
        extra.put("realservice", rs);
    }

    @Override
    boolean incomplete() {
        return !ok;
    }

    private double d(String phase, String key) {
        Map<String, Object> p = phases.get(phase);
        Object v = p == null ? null : p.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    void render(Report report) {
        report.paragraph("Jetty 12 answering `GET /quote` (a basket priced, about 1 KB of JSON), loaded by the JDK's "
                + "`HttpClient` in a JVM of its own (closed loop, 8 connections), on the same 2 cores; the phases run one "
                + "after another on one service process: `no-agent`, `attached-idle` (agent loaded, no probe), `hist-probe` "
                + "(a timing probe with a histogram on `QuoteHandler#handle`), `churn` (a probe added and removed every "
                + "100 ms), `detached`. Latencies in microseconds." + (failure == null ? "" : " The run failed: " + failure));
        Table t = new Table("phase", "req/s>", "p50 us>", "p90 us>", "p99 us>", "p99.9 us>", "max us>", "failed>",
                "p50 vs no-agent>", "p99 vs no-agent>", "req/s vs no-agent>");
        LineChart chart = new LineChart("Real service latency by percentile (Jetty, JDK 25, lower is better)",
                "percentile", "microseconds, log scale").yLog(true)
                .xTicks(new double[] {Math.log10(2), 1, 2, 3, 4, 5, MAX_X},
                        new String[] {"50%", "90%", "99%", "99.9%", "99.99%", "99.999%", "max"});
        for (String phase : phases.keySet()) {
            t.row(phase, Fmt.num(d(phase, "throughput")), Fmt.num(d(phase, "p50_us")), Fmt.num(d(phase, "p90_us")),
                    Fmt.num(d(phase, "p99_us")), Fmt.num(d(phase, "p999_us")), Fmt.num(d(phase, "max_us")),
                    Fmt.num(d(phase, "failed")), Fmt.pct(d(phase, "p50_change_pct")), Fmt.pct(d(phase, "p99_change_pct")),
                    Fmt.pct(d(phase, "throughput_change_pct")));
            Object curve = phases.get(phase).get("curve");
            if (curve instanceof RealServiceRun.RawJson raw) {
                double[][] pts = points(raw.json());
                chart.series(phase, pts[0], pts[1]);
            }
        }
        report.table(t);
        if (phases.containsKey("churn")) {
            report.paragraph(String.format(java.util.Locale.ROOT, "Churn: %s add/remove cycles, %s failed; a removal (unlink, "
                    + "grace period, report) took %s ms on average, at most %s ms. The hist probe counted %s requests "
                    + "(%s more than the generator saw: `HttpClient` may resend a GET whose connection closed).",
                    Fmt.num(d("churn", "churn_cycles")), Fmt.num(d("churn", "churn_failures")),
                    Fmt.num(d("churn", "churn_remove_mean_ms")), Fmt.num(d("churn", "churn_remove_max_ms")),
                    Fmt.num(d("hist-probe", "probe_hits")), Fmt.num(d("hist-probe", "probe_hits_minus_requests"))));
        }
        report.picture("real-service-latency.svg", "request latency by percentile in each phase", chart.toSvg());
        double p99 = d("hist-probe", "p99_change_pct");
        report.verdict(Verdict.of("real service, hist probe on the hot handler: p99 within 5% of no agent",
                Fmt.pct(p99) + " (" + Fmt.num(d("hist-probe", "p99_us")) + " vs " + Fmt.num(d("no-agent", "p99_us"))
                        + " us); throughput " + Fmt.pct(d("hist-probe", "throughput_change_pct")),
                p99 <= 5, "by " + Fmt.pct(p99 - 5) + " points; phases drift by more than that on this shared host with no "
                        + "agent at all (`RealServiceRun --control`)", p99));
        double failed = 0;
        for (String phase : phases.keySet()) {
            failed += d(phase, "failed");
        }
        double churnFailed = d("churn", "failed") + d("churn", "churn_failures");
        report.verdict(Verdict.of("real service: zero failed requests during probe churn",
                Fmt.num(d("churn", "failed")) + " of " + Fmt.num(d("churn", "requests")) + " requests, "
                        + Fmt.num(d("churn", "churn_failures")) + " of " + Fmt.num(d("churn", "churn_cycles"))
                        + " cycles failed; " + Fmt.num(failed) + " failed in all phases", churnFailed == 0 && failed == 0,
                "", churnFailed, failed));
    }

    /** {@code [[50.000,549.0],...,[100.0,131043.0]]} as x (-log10(1 - q), the maximum at {@link #MAX_X}) and y. */
    static double[][] points(String json) {
        List<double[]> pts = new ArrayList<>();
        Matcher m = Pattern.compile("\\[\\s*([0-9.eE+-]+)\\s*,\\s*([0-9.eE+-]+)\\s*\\]").matcher(json);
        while (m.find()) {
            double q = Double.parseDouble(m.group(1)) / 100;
            double x = q >= 1 ? MAX_X : -Math.log10(1 - q);
            pts.add(new double[] {x, Double.parseDouble(m.group(2))});
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }
}
