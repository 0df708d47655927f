package dev.quiesce.bench.suite;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every section runs with.
 *
 * @param quick the short settings ({@code --quick}): the whole suite in under ten minutes
 * @param smoke the shortest settings ({@code --smoke}, implies quick): every trial runs once, briefly, to show
 *     that it works; the numbers mean nothing
 * @param java the JVM the benchmarks' forks and child processes run on (JDK 22+, for {@code Arena})
 * @param agentJar the quiesce agent jar, as the forks' {@code -javaagent} names it (relative to the working
 *     directory, the repository root)
 * @param logDir where each section's full JMH output goes
 * @param out progress lines for the person waiting
 */
record SuiteContext(boolean quick, boolean smoke, String java, String agentJar, Path logDir, PrintStream out) {
}
