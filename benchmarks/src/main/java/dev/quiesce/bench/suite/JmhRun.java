package dev.quiesce.bench.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH run of the suite: which benchmarks, their parameters, the iteration settings for the quick and the full
 * suite, and extra JVM arguments for the forks. JMH runs in this JVM; its forks run on {@link SuiteContext#java()}.
 * Its full output goes to a log file; the person waiting sees one line per trial.
 *
 * <p>A trial that fails (an exception in the benchmark or its setup, such as a counter check) does not stop the
 * run: it becomes a {@link Row#failed()} row, and the section reports it.
 */
final class JmhRun {
    /** Forks, warm-up iterations and seconds, measurement iterations and seconds. */
    record Settings(int forks, int warmups, double warmupSeconds, int iterations, double iterationSeconds) {
    }

    /** {@code --smoke}: one fork, no warm-up, one short iteration. */
    private static final Settings SMOKE = new Settings(1, 0, 0, 1, 0.3);

    private final String include;
    private final List<String> excludes = new ArrayList<>();
    private final Map<String, String[]> params = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private Settings quick = new Settings(1, 1, 1, 2, 1);
    private Settings full = new Settings(1, 3, 1, 5, 1);

    private JmhRun(String include) {
        this.include = include;
    }

    /** Benchmarks whose full name matches {@code include} (a regular expression, as JMH takes it). */
    static JmhRun of(String include) {
        return new JmhRun(include);
    }

    JmhRun exclude(String regex) {
        excludes.add(regex);
        return this;
    }

    JmhRun param(String name, String... values) {
        params.put(name, values.clone());
        return this;
    }

    /** Appended to every fork's JVM arguments; replaces those of the benchmarks' own {@code @Fork}s. */
    JmhRun jvmArgsAppend(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    JmhRun quick(Settings s) {
        quick = s;
        return this;
    }

    JmhRun full(Settings s) {
        full = s;
        return this;
    }

    /** Runs the trials; one row per trial started, in the order they ran. */
    List<Row> run(SuiteContext ctx, String logName) throws IOException {
        Settings s = ctx.smoke() ? SMOKE : ctx.quick() ? quick : full;
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).jvm(ctx.java())
                .forks(s.forks()).warmupIterations(s.warmups()).warmupTime(time(Math.max(0.1, s.warmupSeconds())))
                .measurementIterations(s.iterations()).measurementTime(time(s.iterationSeconds()))
                .shouldFailOnError(false).verbosity(VerboseMode.NORMAL);
        for (String e : excludes) {
            o = o.exclude(e);
        }
        for (Map.Entry<String, String[]> p : params.entrySet()) {
            o = o.param(p.getKey(), p.getValue());
        }
        if (!jvmArgs.isEmpty()) {
            o = o.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        }
        Path log = ctx.logDir().resolve(logName + ".log");
        Files.createDirectories(ctx.logDir());
        List<BenchmarkParams> started = new ArrayList<>();
        Collection<RunResult> results;
        try (OutputStream file = Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND); PrintStream logStream = new PrintStream(file, true, "UTF-8")) {
            OutputFormat format = progress(OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL),
                    started, ctx.out());
            results = new Runner(o.build(), format).run();
        } catch (RunnerException e) {
            // the run as a whole could not start (no benchmark matched, a bad option): every trial failed
            Row r = Row.failed(include, Map.of(), "JMH: " + e.getMessage() + " (see " + log + ")");
            return List.of(r);
        }
        List<Row> rows = new ArrayList<>();
        for (BenchmarkParams bp : started) {
            RunResult rr = results.stream().filter(x -> sameTrial(x.getParams(), bp)).findFirst().orElse(null);
            rows.add(rr == null ? Row.failed(shortName(bp.getBenchmark()), params(bp), "no result: the trial failed, see " + log)
                    : row(rr));
        }
        return rows;
    }

    private static TimeValue time(double seconds) {
        return TimeValue.milliseconds(Math.round(seconds * 1000));
    }

    private static boolean sameTrial(BenchmarkParams a, BenchmarkParams b) {
        return a.getBenchmark().equals(b.getBenchmark()) && params(a).equals(params(b));
    }

    static Row row(RunResult rr) {
        BenchmarkParams bp = rr.getParams();
        Result<?> primary = rr.getPrimaryResult();
        Statistics st = primary.getStatistics();
        Map<String, Double> secondary = new LinkedHashMap<>();
        for (Map.Entry<String, Result> e : rr.getSecondaryResults().entrySet()) {
            secondary.put(e.getKey(), e.getValue().getScore());
        }
        double error = primary.getScoreError();
        return new Row(shortName(bp.getBenchmark()), params(bp), bp.getMode().shortLabel(), primary.getScoreUnit(),
                primary.getScore(), Double.isFinite(error) ? error : Double.NaN, st.getPercentile(50),
                st.getPercentile(90), st.getPercentile(99), st.getN(), secondary, null);
    }

    private static Map<String, String> params(BenchmarkParams bp) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : bp.getParamsKeys()) {
            m.put(k, bp.getParam(k));
        }
        return m;
    }

    /** {@code dev.quiesce.bench.GracePeriodBench.synchronize} is {@code GracePeriodBench.synchronize}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** JMH's own output to {@code log}; a line per trial to {@code out}; each trial's parameters to {@code started}. */
    private static OutputFormat progress(OutputFormat log, List<BenchmarkParams> started, PrintStream out) {
        return (OutputFormat) Proxy.newProxyInstance(OutputFormat.class.getClassLoader(), new Class<?>[] {OutputFormat.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "startBenchmark" -> {
                            BenchmarkParams bp = (BenchmarkParams) args[0];
                            started.add(bp);
                            out.printf(Locale.ROOT, "    %s%s ...%n", shortName(bp.getBenchmark()),
                                    params(bp).isEmpty() ? "" : " " + params(bp));
                        }
                        case "endBenchmark" -> {
                            BenchmarkResult br = (BenchmarkResult) args[0];
                            if (br != null && br.getPrimaryResult() != null) {
                                Result<?> r = br.getPrimaryResult();
                                out.printf(Locale.ROOT, "      %s %s%n", Fmt.num(r.getScore()), r.getScoreUnit());
                            }
                        }
                        default -> { }
                    }
                    try {
                        return method.invoke(log, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
