package dev.quiesce.bench;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.RemovalReport;
import example.bench.Tariff;
import java.lang.instrument.UnmodifiableClassException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Taking instrumentation off a method that busy threads call nonstop, end to end: quiesce's {@code remove} and
 * {@code swap} against what agents that instrument by retransformation (Byteman, Arthas, BTrace) do on removal,
 * retransforming the class back. The method is {@link Tariff#rate}; {@code busyThreads} platform threads
 * ({@link BusyThreads#calling}) call it in a loop, so it runs inlined into their compiled loop. Each benchmark
 * runs in forks of its own, whose JVM arguments its {@code @Fork} carries (run from the repository root, without
 * {@code -jvmArgsAppend}, which would replace them):
 *
 * <ul>
 *   <li>{@code quiesceRemove}: a count probe on the method, {@code remove(name).join()}: unlink, grace period,
 *       final counts, report; the probe is added again before each call, outside the timing;
 *   <li>{@code quiesceSwap}: {@code swap(name, spec).join()} of an entry count probe for a new version of itself:
 *       the site is relinked to the new counters (which deoptimizes its compiled callers), then the old
 *       version's grace period is waited out and its report made;
 *   <li>{@code quiesceSwapTiming}: the same on a timing site, alternating a count probe and a histogram probe
 *       (a swap keeps the site kind, so both are timing probes);
 *   <li>{@code quiesceSwapHandler}: the same for an entry probe whose action is a handler object, swapped for a
 *       new one: a store into the probe's version slot, no relink, then the grace period;
 *   <li>{@code retransformBack}: the peers' removal, in a fork without quiesce: a plain {@code ClassFileTransformer}
 *       ({@link RetransformPeer}) has inserted a counter call at the method's entry; the benchmark removes the
 *       transformer and calls {@code Instrumentation.retransformClasses} (the JVM's redefinition, at a safepoint,
 *       and the deoptimization of the compiled callers). The class is instrumented again before each call,
 *       outside the timing. The {@code Instrumentation} comes from Byte Buddy's agent jar, loaded by
 *       {@code -javaagent} (it registers no transformer of its own).
 * </ul>
 *
 * <p>Before each measured call, outside the timing, the fork waits until every busy thread has made
 * {@value #REHEAT_CALLS} more calls and at least {@value #REHEAT_MILLIS} ms have passed, so that the method runs
 * again in the threads' recompiled loop after the previous change deoptimized it (the same wait in every
 * configuration, with 0 busy threads too). Checks that fail the trial: every removed or swapped-out quiesce
 * version's report counted hits (the setup calls the method once after each change, so with 0 busy threads too),
 * a removed probe is gone, a swapped-out handler object saw exactly its report's hits and never runs again, no
 * class was retransformed by quiesce while it measured; the peer's transformer rewrote the class once per
 * instrumentation, the instrumented method counted, and after each retransformation back it no longer counts
 * (once every busy thread has made more calls: a thread the redefinition stopped inside the counter finishes
 * that increment afterwards, and the fork reports how many such late hits it saw).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 4)
public class RemovalVsRetransformBench {
    private static final String QUIESCE = "-javaagent:agent/target/quiesce-agent.jar";
    private static final String INSTRUMENTATION = "-javaagent:benchmarks/target/peers/byte-buddy-agent.jar";

    static final long REHEAT_CALLS = 200_000;
    static final long REHEAT_MILLIS = 20;
    private static final long REHEAT_TIMEOUT_MILLIS = 30_000;
    /** Calls per busy thread awaited after a retransformation back before checking that nothing counts. */
    private static final long PUBLISH_MARGIN = 4096;

    private static final String METHOD = "example.bench.Tariff#rate";
    private static final String REMOVED = "removed";
    private static final String REMOVED_SPEC = "entry " + METHOD + " count name=" + REMOVED;
    private static final String SWAPPED = "swapped";
    private static final String SWAPPED_SPEC = "entry " + METHOD + " count name=" + SWAPPED;
    private static final String TIMED = "timed";
    private static final String TIMED_COUNT = "timing " + METHOD + " count name=" + TIMED;
    private static final String TIMED_HIST = "timing " + METHOD + " hist name=" + TIMED;
    private static final String SLOT = "slot";
    private static final String SLOT_SPEC = "entry " + METHOD + " handler="
            + CountingHandler.class.getName() + " name=" + SLOT;

    @Param({"0", "4", "16"})
    public int busyThreads;

    private String config;
    private BusyThreads busy;
    private ProbeControl control;
    private RetransformPeer peer;
    /** Calls of the method made by the fixtures themselves. */
    private long sink;

    /** Measured operations in this fork, warmup included. */
    private long operations;
    /** The report of the last measured quiesce operation. */
    private RemovalReport report;
    private long reportedHits;
    /** quiesceSwapTiming: whether the histogram version is the one linked. */
    private boolean histLinked;
    /** quiesceSwapHandler: the linked handler, the one the next swap links, and the last one swapped out. */
    private CountingHandler linked;
    private CountingHandler next;
    private CountingHandler retired;
    private long retiredHits;
    /** retransformBack: the peer's counter right after the class was instrumented. */
    private long hitsAtInstrument;
    /** retransformBack: hits counted after the retransformation back had returned, and in how many operations. */
    private long lateHits;
    private long lateOperations;

    /** Counts its entries: the handler of {@code quiesceSwapHandler}, swapped for a new one each time. */
    public static final class CountingHandler implements ProbeHandler {
        final LongAdder hits = new LongAdder();

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            hits.increment();
        }
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        config = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        for (int i = 0; i < 1_000_000; i++) {
            sink += Tariff.rate(i); // compiled before anything instruments it
        }
        switch (config) {
            case "quiesceRemove":
                control = AgentForBench.control();
                break;
            case "quiesceSwap":
                control = AgentForBench.control();
                control.add(SWAPPED_SPEC);
                break;
            case "quiesceSwapTiming":
                control = AgentForBench.control();
                control.add(TIMED_COUNT);
                break;
            case "quiesceSwapHandler":
                control = AgentForBench.control();
                linked = new CountingHandler();
                control.add(SLOT_SPEC, linked);
                break;
            case "retransformBack":
                if (AgentControl.isInstalled()) {
                    throw new IllegalStateException("retransformBack: the quiesce agent is loaded in the peer's fork");
                }
                try {
                    peer = new RetransformPeer(ByteBuddyAgent.getInstrumentation(), Tariff.class, "rate");
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("retransformBack: no Instrumentation; run the benchmark without "
                            + "-jvmArgsAppend, from the repository root (see docs/benchmarks.md)", e);
                }
                break;
            default:
                throw new IllegalArgumentException("unknown benchmark " + benchmark);
        }
        busy = BusyThreads.calling(busyThreads, Tariff::rate);
    }

    /** Instruments the method again (or prepares the next swap), calls it once, and lets the busy threads reheat. */
    @Setup(Level.Invocation)
    public void prepare() throws UnmodifiableClassException {
        switch (config) {
            case "quiesceRemove":
                control.add(REMOVED_SPEC);
                break;
            case "quiesceSwap":
            case "quiesceSwapTiming":
                break;
            case "quiesceSwapHandler":
                next = new CountingHandler();
                break;
            case "retransformBack":
                peer.instrument();
                hitsAtInstrument = RetransformPeer.HITS.sum();
                break;
            default:
                throw new AssertionError(config);
        }
        sink += Tariff.rate(operations); // at least one hit for whatever is measured next
        if (config.equals("retransformBack") && RetransformPeer.HITS.sum() == hitsAtInstrument) {
            throw new IllegalStateException("retransformBack: the instrumented method does not count");
        }
        busy.awaitCalls(REHEAT_CALLS, REHEAT_MILLIS, REHEAT_TIMEOUT_MILLIS);
    }

    @TearDown(Level.Invocation)
    public void check() {
        operations++;
        switch (config) {
            case "quiesceRemove":
                checkReport();
                if (control.list().stream().anyMatch(p -> p.name().equals(REMOVED))) {
                    throw new IllegalStateException("quiesceRemove: the probe is still listed after " + report);
                }
                break;
            case "quiesceSwap":
            case "quiesceSwapTiming":
                checkReport();
                break;
            case "quiesceSwapHandler":
                RemovalReport r = checkReport();
                if (retired != null && retired.hits.sum() != retiredHits) {
                    throw new IllegalStateException("quiesceSwapHandler: a handler swapped out earlier ran again ("
                            + retired.hits.sum() + " hits, its report said " + retiredHits + ")");
                }
                // the swap linked next; linked is the one swapped out, and its report must hold all its hits
                if (linked.hits.sum() != r.hits()) {
                    throw new IllegalStateException("quiesceSwapHandler: the swapped-out handler saw "
                            + linked.hits.sum() + " hits, its report " + r.hits() + ": " + r);
                }
                retired = linked;
                retiredHits = r.hits();
                linked = next;
                break;
            case "retransformBack":
                long after = RetransformPeer.HITS.sum();
                if (after == hitsAtInstrument) {
                    throw new IllegalStateException("retransformBack: no hit counted while instrumented");
                }
                // a thread stopped for the redefinition inside the counter's increment finishes it afterwards:
                // hits that entered before the retransformation may land after it returned; after every busy
                // thread has made more calls, nothing may count any more
                for (int i = 0; i < 1000; i++) {
                    sink += Tariff.rate(i);
                }
                busy.awaitCalls(PUBLISH_MARGIN, 0, REHEAT_TIMEOUT_MILLIS);
                long settled = RetransformPeer.HITS.sum();
                for (int i = 0; i < 1000; i++) {
                    sink += Tariff.rate(i);
                }
                busy.awaitCalls(PUBLISH_MARGIN, 0, REHEAT_TIMEOUT_MILLIS);
                long later = RetransformPeer.HITS.sum();
                if (later != settled) {
                    throw new IllegalStateException("retransformBack: the method still counts after the class was "
                            + "retransformed back (" + (later - settled) + " more hit(s))");
                }
                if (settled != after) {
                    lateHits += settled - after;
                    lateOperations++;
                }
                reportedHits += settled - hitsAtInstrument;
                break;
            default:
                throw new AssertionError(config);
        }
    }

    /** Fails unless the last measured operation's report counted hits; returns it and clears it. */
    private RemovalReport checkReport() {
        RemovalReport r = report;
        if (r == null || r.hits() <= 0) {
            throw new IllegalStateException(config + ": the version taken off counted no hit: " + r);
        }
        reportedHits += r.hits();
        report = null;
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        long calls = busy.calls();
        busy.stop();
        if (operations == 0) {
            throw new IllegalStateException(config + ": the benchmark never ran");
        }
        String summary = "# " + config + ", " + busyThreads + " busy thread(s) (" + calls + " call(s)): "
                + operations + " operation(s), every one checked; hits of the versions taken off: " + reportedHits;
        if (config.equals("retransformBack")) {
            if (peer.rewritten() != operations) {
                throw new IllegalStateException("retransformBack: " + peer.rewritten() + " rewrite(s) for "
                        + operations + " operation(s)");
            }
            System.out.println(summary + "; " + peer + " added and retransformed back " + operations + " time(s); "
                    + lateHits + " hit(s) counted after retransformClasses had returned, in " + lateOperations
                    + " operation(s)");
            return;
        }
        switch (config) {
            case "quiesceSwap":
                System.out.println("# " + Reports.await(control.remove(SWAPPED)));
                break;
            case "quiesceSwapTiming":
                System.out.println("# " + Reports.await(control.remove(TIMED)));
                break;
            case "quiesceSwapHandler":
                System.out.println("# " + Reports.await(control.remove(SLOT)));
                break;
            default:
                break;
        }
        AgentStats s = control.stats();
        if (s.probes() != 0 || s.classesStripped() != 0 || s.weaveFailures() != 0 || s.sites() == 0
                || s.sites() != s.idleSites()) {
            throw new IllegalStateException(config + ": expected the method's sites woven and idle, nothing stripped "
                    + "(no retransformation after the weave), no weave failure, " + s);
        }
        System.out.println(summary + "; " + s);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = QUIESCE)
    public RemovalReport quiesceRemove() {
        return report = Reports.await(control.remove(REMOVED));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = QUIESCE)
    public RemovalReport quiesceSwap() {
        return report = Reports.await(control.swap(SWAPPED, SWAPPED_SPEC));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = QUIESCE)
    public RemovalReport quiesceSwapTiming() {
        histLinked = !histLinked;
        return report = Reports.await(control.swap(TIMED, histLinked ? TIMED_HIST : TIMED_COUNT));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = QUIESCE)
    public RemovalReport quiesceSwapHandler() {
        return report = Reports.await(control.swap(SLOT, SLOT_SPEC, next));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = INSTRUMENTATION)
    public void retransformBack() throws UnmodifiableClassException {
        peer.retransformBack();
    }
}
