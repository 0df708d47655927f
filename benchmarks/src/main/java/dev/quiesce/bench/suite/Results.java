package dev.quiesce.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of one section, looked up by benchmark and parameters. */
final class Results {
    private final List<Row> rows = new ArrayList<>();

    void addAll(List<Row> more) {
        rows.addAll(more);
    }

    List<Row> rows() {
        return rows;
    }

    /** The row of {@code benchmark} ({@code Class.method}) whose parameters include the pairs given, if any ran. */
    Optional<Row> find(String benchmark, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in key, value pairs");
        }
        return rows.stream().filter(r -> r.benchmark().equals(benchmark) && r.matches(keyValues)).findFirst();
    }

    /** The row's score, or NaN when the trial did not run or failed. */
    double score(String benchmark, String... keyValues) {
        return find(benchmark, keyValues).filter(r -> !r.failed()).map(Row::score).orElse(Double.NaN);
    }

    /** The row's median, or NaN when the trial did not run or failed. */
    double median(String benchmark, String... keyValues) {
        return find(benchmark, keyValues).filter(r -> !r.failed()).map(Row::p50).orElse(Double.NaN);
    }

    /** The row's 99.9% error, or NaN. */
    double error(String benchmark, String... keyValues) {
        return find(benchmark, keyValues).filter(r -> !r.failed()).map(Row::error).orElse(Double.NaN);
    }

    /** The row's secondary result, or NaN. */
    double secondary(String name, String benchmark, String... keyValues) {
        return find(benchmark, keyValues).filter(r -> !r.failed())
                .map(r -> r.secondary().getOrDefault(name, Double.NaN)).orElse(Double.NaN);
    }

    /** Trials that produced no result. */
    List<Row> failures() {
        return rows.stream().filter(Row::failed).toList();
    }
}
