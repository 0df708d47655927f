package dev.quiesce.bench.suite;

import java.util.LinkedHashMap;
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

    abstract void run(SuiteContext ctx) throws Exception;

    abstract void render(Report report);

    /** True if some result is missing or the section itself failed; the suite then exits 1. */
    boolean incomplete() {
        return !results.failures().isEmpty();
    }
}
