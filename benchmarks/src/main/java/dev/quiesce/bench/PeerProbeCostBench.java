package dev.quiesce.bench;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.bench.Ledger;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of counting the calls of one small method, quiesce against its peers, in one JMH run: the same method
 * ({@link Ledger#post}, a few arithmetic operations on a field), inlined into the benchmark loop and not
 * ({@link Ledger#postNotInlined}), in nine configurations, each in forks of its own whose JVM arguments its
 * {@code @Fork} carries (run from the repository root, without {@code -jvmArgsAppend}, which would replace them):
 *
 * <ul>
 *   <li>{@code uninstrumented}: no agent;
 *   <li>{@code agentOnly}: the quiesce agent loaded, the method never woven (what the agent's presence alone
 *       costs, to read {@code idleSite} against);
 *   <li>{@code idleSite}: the quiesce agent, the method woven, its probe added and removed (no-op targets);
 *   <li>{@code count}: a quiesce entry count probe;
 *   <li>{@code hist}: a quiesce timing probe with a log2 histogram (two {@code System.nanoTime()} per call);
 *   <li>{@code byteman}: Byteman's agent with a rule at entry that calls its built-in {@code incrementCounter}
 *       (rules interpreted, Byteman's default);
 *   <li>{@code bytemanCompiled}: the same with {@code -Dorg.jboss.byteman.compile.to.bytecode=true};
 *   <li>{@code byteBuddy}: a Byte Buddy {@code Advice} inlined at entry that increments a static {@code LongAdder}
 *       (exact under concurrency, like the count probe), installed by {@code AgentBuilder} at trial setup;
 *   <li>{@code byteBuddyPlain}: the same advice incrementing a plain static {@code long} (not exact under
 *       concurrency; the cheapest possible counter).
 * </ul>
 *
 * <p>At the end of each trial the fork checks that what it measured counted: every probe, rule or advice must
 * have counted each call of the benchmark exactly (the benchmark counts its own calls), the idle site must still
 * be woven and idle, and the uninstrumented fork must run no agent; otherwise the trial fails. One benchmark
 * thread only (the call count is a plain field).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerProbeCostBench {
    private static final int FORKS = 2;
    private static final String CONFIG = "-Dquiesce.bench.peer=";
    private static final String QUIESCE = "-javaagent:agent/target/quiesce-agent.jar";
    private static final String BYTEMAN =
            "-javaagent:benchmarks/target/peers/byteman.jar=script:benchmarks/target/peers/peer-count.btm";
    private static final String BYTEMAN_COMPILE = "-Dorg.jboss.byteman.compile.to.bytecode=true";
    private static final String BYTE_BUDDY = "-javaagent:benchmarks/target/peers/byte-buddy-agent.jar";

    private static final String PROBE = "peer";
    private static final String METHODS = "example.bench.Ledger#post*";
    private static final String[] BYTEMAN_KEYS = {"example.bench.Ledger#post", "example.bench.Ledger#postNotInlined"};

    /** The instance whose methods are measured; created (and its class loaded) before the trial's setup. */
    private final Ledger ledger = new Ledger();
    /** Calls of the benchmark method in this fork, warmup included: what every counter must show. */
    private long calls;
    private String config;
    private ProbeControl control;

    @Setup(Level.Trial)
    public void setUp() {
        config = System.getProperty("quiesce.bench.peer");
        if (config == null) {
            throw new IllegalStateException("no -Dquiesce.bench.peer=: run PeerProbeCostBench without "
                    + "-jvmArgsAppend, from the repository root (see docs/benchmarks.md)");
        }
        switch (config) {
            case "uninstrumented":
            case "byteman":
            case "bytemanCompiled":
                break; // nothing, or rules loaded at start
            case "agentOnly":
                control = AgentForBench.control();
                break;
            case "idleSite":
                control = AgentForBench.control();
                control.add("entry " + METHODS + " count name=" + PROBE);
                control.remove(PROBE).join();
                AgentStats s = control.stats();
                if (s.sites() < 2 || s.idleSites() != s.sites() || s.probes() != 0) {
                    throw new IllegalStateException("idle site setup: expected both methods woven and idle, " + s);
                }
                break;
            case "count":
                control = AgentForBench.control();
                control.add("entry " + METHODS + " count name=" + PROBE);
                break;
            case "hist":
                control = AgentForBench.control();
                control.add("timing " + METHODS + " hist name=" + PROBE);
                break;
            case "byteBuddy":
                ByteBuddyPeer.install(Ledger.class.getName(), "post", ByteBuddyPeer.AdderAdvice.class);
                break;
            case "byteBuddyPlain":
                ByteBuddyPeer.install(Ledger.class.getName(), "post", ByteBuddyPeer.PlainAdvice.class);
                break;
            default:
                throw new IllegalArgumentException("unknown -Dquiesce.bench.peer=" + config);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (calls == 0) {
            throw new IllegalStateException(config + ": the benchmark never ran");
        }
        switch (config) {
            case "uninstrumented":
                List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
                if (AgentControl.isInstalled() || args.stream().anyMatch(a -> a.startsWith("-javaagent"))) {
                    throw new IllegalStateException("uninstrumented fork runs an agent: " + args);
                }
                System.out.println("# uninstrumented: " + calls + " call(s), no agent");
                break;
            case "agentOnly":
                AgentStats a = control.stats();
                if (a.sites() != 0 || a.probes() != 0) {
                    throw new IllegalStateException("agentOnly: something was woven, " + a);
                }
                System.out.println("# agentOnly: " + calls + " call(s), " + a);
                break;
            case "idleSite":
                AgentStats s = control.stats();
                if (s.sites() < 2 || s.idleSites() != s.sites() || s.probes() != 0 || s.classesStripped() != 0) {
                    throw new IllegalStateException("idle site: no longer woven and idle at the end, " + s);
                }
                System.out.println("# idleSite: " + calls + " call(s), " + s);
                break;
            case "count":
            case "hist":
                RemovalReport r = control.remove(PROBE).join();
                check(r.hits());
                System.out.println("# " + r);
                break;
            case "byteman":
            case "bytemanCompiled":
                long sum = 0;
                for (String key : BYTEMAN_KEYS) {
                    sum += BytemanCounters.read(key);
                }
                check(sum);
                break;
            case "byteBuddy":
                check(ByteBuddyPeer.ADDER_HITS.sum());
                break;
            case "byteBuddyPlain":
                check(ByteBuddyPeer.plainHits);
                break;
            default:
                throw new AssertionError(config);
        }
    }

    /** Fails the trial unless {@code counted} equals the calls made. */
    private void check(long counted) {
        System.out.println("# " + config + ": " + calls + " call(s), " + counted + " counted");
        if (counted != calls) {
            throw new IllegalStateException(config + " counted " + counted + " of " + calls
                    + " call(s): this fork did not measure what it says");
        }
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = CONFIG + "uninstrumented")
    public long uninstrumentedInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = CONFIG + "uninstrumented")
    public long uninstrumentedNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "agentOnly"})
    public long agentOnlyInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "agentOnly"})
    public long agentOnlyNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "idleSite"})
    public long idleSiteInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "idleSite"})
    public long idleSiteNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "count"})
    public long countInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "count"})
    public long countNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "hist"})
    public long histInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {QUIESCE, CONFIG + "hist"})
    public long histNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTEMAN, CONFIG + "byteman"})
    public long bytemanInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTEMAN, CONFIG + "byteman"})
    public long bytemanNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTEMAN_COMPILE, BYTEMAN, CONFIG + "bytemanCompiled"})
    public long bytemanCompiledInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTEMAN_COMPILE, BYTEMAN, CONFIG + "bytemanCompiled"})
    public long bytemanCompiledNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTE_BUDDY, CONFIG + "byteBuddy"})
    public long byteBuddyInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTE_BUDDY, CONFIG + "byteBuddy"})
    public long byteBuddyNotInlined() {
        return ledger.postNotInlined(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTE_BUDDY, CONFIG + "byteBuddyPlain"})
    public long byteBuddyPlainInlined() {
        return ledger.post(++calls);
    }

    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {BYTE_BUDDY, CONFIG + "byteBuddyPlain"})
    public long byteBuddyPlainNotInlined() {
        return ledger.postNotInlined(++calls);
    }
}
