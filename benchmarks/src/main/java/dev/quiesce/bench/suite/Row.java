package dev.quiesce.bench.suite;

import java.util.Map;

/**
 * One JMH result of the suite: a benchmark (as {@code Class.method}) with its parameters, or a trial that
 * produced no result ({@link #failed()}).
 *
 * @param benchmark {@code Class.method}, without the package
 * @param params the JMH parameters of the trial, in declaration order
 * @param mode JMH's short mode name ({@code avgt}, {@code thrpt}, {@code sample})
 * @param unit the score's unit, as JMH prints it ({@code ns/op}, {@code ops/s}, {@code us/op})
 * @param score the mean over iterations (or samples)
 * @param error the half-width of the 99.9% confidence interval, NaN when JMH gives none
 * @param p50 the median of iterations or samples ({@code sample} mode: of every sampled operation)
 * @param secondary secondary results (auxiliary counters) by name
 * @param failure null, or why the trial produced no result
 */
record Row(String benchmark, Map<String, String> params, String mode, String unit, double score, double error,
        double p50, double p90, double p99, long samples, Map<String, Double> secondary, String failure) {

    static Row failed(String benchmark, Map<String, String> params, String why) {
        return new Row(benchmark, params, "", "", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                Map.of(), why);
    }

    boolean failed() {
        return failure != null;
    }

    /** True if every {@code key, value} pair given is among this row's parameters. */
    boolean matches(String... keyValues) {
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (!keyValues[i + 1].equals(params.get(keyValues[i]))) {
                return false;
            }
        }
        return true;
    }
}
