package dev.quiesce.bench.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A part of the suite: runs its benchmarks, then renders tables, pictures and verdicts from what it got. A
 * section whose run threw still renders: its missing figures show as "n/a" and its verdicts as "no result".
 */
abstract class Section {
    /** The rows of the JMH runs. */
    final Results results = new Results();
    /** Further figures for the JSON (the real service's phases). */
    final Map<String, Object> extra = new LinkedHashMap<>();

    /** Short name, for {@code --only} and file names. */
    abstract String id();

    abstract String title();

    /** What the quick and the full suite run here, for the progress line. */
    abstract String plan(boolean quick);

    /** Sets what the mode decides (which trials run); {@link #run} calls it first, {@code --render} instead of it. */
    void configure(SuiteContext ctx) {
    }

    /** Runs the section's benchmarks, after {@link #configure}. */
    abstract void run(SuiteContext ctx) throws Exception;

    /** Takes back the rows (and further figures) this section wrote to a results file, for {@code --render}. */
    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> json) {
        if (json.get("rows") instanceof List<?> rows) {
            for (Object o : rows) {
                results.addAll(List.of(rowOf((Map<String, Object>) o)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Row rowOf(Map<String, Object> m) {
        Map<String, String> params = new LinkedHashMap<>();
        if (m.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        String benchmark = String.valueOf(m.get("benchmark"));
        if (m.get("failure") != null) {
            return Row.failed(benchmark, params, String.valueOf(m.get("failure")));
        }
        Map<String, Double> secondary = new LinkedHashMap<>();
        if (m.get("secondary") instanceof Map<?, ?> sec) {
            sec.forEach((k, v) -> secondary.put(String.valueOf(k), num(v)));
        }
        return new Row(benchmark, params, String.valueOf(m.get("mode")), String.valueOf(m.get("unit")), num(m.get("score")),
                num(m.get("error")), num(m.get("p50")), num(m.get("p90")), num(m.get("p99")), (long) num(m.get("samples")),
                secondary, null);
    }

    /** A JSON number, NaN for null (how non-finite numbers are written). */
    static double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    abstract void render(Report report);

    /** True if some result is missing or the section itself failed; the suite then exits 1. */
    boolean incomplete() {
        return !results.failures().isEmpty();
    }
}
