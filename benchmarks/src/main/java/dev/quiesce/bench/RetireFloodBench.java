package dev.quiesce.bench;

import dev.quiesce.rcu.TasksRcu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A flood of retirements: 4 submitter threads ({@code -t} changes it) each hand the domain a new resource per
 * operation, nonstop, a small object carrying a 64-byte payload. Primary result: operations per microsecond,
 * all threads together. {@code kind = retire}: {@link TasksRcu#retire(AutoCloseable)}; {@code callPerResource}:
 * the naive alternative, one {@link TasksRcu#call(Runnable)} per resource that closes it.
 *
 * <p>Secondary results: a daemon thread samples every millisecond during each iteration and keeps the peaks of
 * {@code peakPending} (resources accepted and not yet closed), {@code peakPages} (retire pages in existence),
 * {@code peakHeldKiB} (an estimate of the heap they hold: pending x {@link #RESOURCE_BYTES}, plus
 * {@link #CALLBACK_BYTES} each for {@code callPerResource}, plus pages x {@link #PAGE_BYTES}), and
 * {@code heapUsedKiB}, the used heap at the end of the iteration (no GC is forced: it includes garbage).
 * JMH sums these counters over threads, measurement iterations and forks, so one thread reports each
 * measurement iteration's value divided by iterations x forks: the final table's score is the mean over
 * iterations, while each iteration's own line shows its share (as does JMH's per-benchmark summary when it
 * has at most two values). Each iteration's unscaled values are printed by the fork ({@code # peaks: ...}).
 *
 * <p>{@code retire()} holds at most {@code maxPages} pages of 256 resources (1024 pages by default: 262,144
 * resources, about 28 MB here with the pages), plus one resource per caller that found no page: it waits for
 * a grace period itself and closes its resource inline, which throttles the flood. The per-resource callback
 * queue has no bound: it holds whatever the submitters queue faster than grace periods and the callback thread
 * retire it.
 * The domain's counters are printed at the end of each trial, which fails unless every accepted resource was
 * closed exactly once by the time {@link TasksRcu#barrier()} returns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class RetireFloodBench {
    static final int PAYLOAD = 64;
    /**
     * Rough heap bytes of one resource, compressed oops and class pointers assumed: the object (12-byte
     * header, an int, a reference: 24) and its payload array (16-byte header + 64: 80).
     */
    static final long RESOURCE_BYTES = 24 + 16 + PAYLOAD;
    /**
     * Rough extra bytes of one queued per-resource callback: the lambda holding the resource (16) and its
     * node in the domain's intake queue (24; a 4-byte slot of a batch list once the grace-period thread took it).
     */
    static final long CALLBACK_BYTES = 16 + 24;
    /** One retire page: an array of 256 references (16-byte header + 256 x 4). */
    static final long PAGE_BYTES = 16 + 256 * 4;
    private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Param({"retire", "callPerResource"})
    public String kind;

    /** Written at trial setup, read by every thread after JMH's setup barrier. */
    private TasksRcu domain;
    private boolean perResource;
    private long bytesPerResource;

    /** Resources handed to the domain: incremented by a submitter before each hand-over. */
    private final LongAdder accepted = new LongAdder();
    /** Resources closed for the first time: incremented by whichever thread closes. */
    private final LongAdder closed = new LongAdder();
    /** Closes of an already closed resource: incremented by whichever thread closes. */
    private final LongAdder closedAgain = new LongAdder();

    /** Guarded by this: the running sampler, or null; the peaks of the one stopped last. */
    private Sampler sampler;
    private Sampler last;

    /** A retired object holding real memory; counts its closes. */
    static final class Resource implements AutoCloseable {
        private static final VarHandle CLOSES;

        static {
            try {
                CLOSES = MethodHandles.lookup().findVarHandle(Resource.class, "closes", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final byte[] payload = new byte[PAYLOAD];
        private final RetireFloodBench owner;
        /** Closes so far: atomically incremented through {@link #CLOSES} by whichever thread closes. */
        private int closes;

        Resource(RetireFloodBench owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if ((int) CLOSES.getAndAdd(this, 1) == 0) {
                owner.closed.increment();
            } else {
                owner.closedAgain.increment();
            }
        }
    }

    /**
     * Samples the domain every millisecond until stopped, keeping peaks. Peaks are written by its own thread
     * only and read by the stopping thread after {@code join()}.
     */
    private final class Sampler implements Runnable {
        final Thread thread = new Thread(this, "bench-flood-sampler");
        /** Written once by the stopping thread. */
        volatile boolean stop;
        long peakPending;
        long peakPages;
        long peakHeldBytes;
        /** Used heap once the flood of the iteration had stopped; written by the stopping thread. */
        long heapUsedBytes;

        @Override
        public void run() {
            do {
                sample();
                LockSupport.parkNanos(SAMPLE_EVERY_NANOS);
            } while (!stop);
            sample(); // the end of the iteration, all submitters stopped
        }

        private void sample() {
            long c = closed.sum() + closedAgain.sum();
            long a = accepted.sum(); // read after the closes: every close follows its own acceptance
            long pending = Math.max(0, a - c);
            int pages = domain.stats().retirePages();
            long held = pending * bytesPerResource + pages * PAGE_BYTES;
            peakPending = Math.max(peakPending, pending);
            peakPages = Math.max(peakPages, pages);
            peakHeldBytes = Math.max(peakHeldBytes, held);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        switch (kind) {
            case "retire" -> perResource = false;
            case "callPerResource" -> perResource = true;
            default -> throw new IllegalArgumentException("kind must be retire or callPerResource, got " + kind);
        }
        bytesPerResource = RESOURCE_BYTES + (perResource ? CALLBACK_BYTES : 0);
        domain = TasksRcu.builder().name("bench-flood").build();
    }

    @Setup(Level.Iteration)
    public synchronized void startSampling() {
        sampler = new Sampler();
        sampler.thread.setDaemon(true);
        sampler.thread.start();
    }

    /**
     * Stops the iteration's sampler and returns its peaks; idempotent, since both this state's and the
     * reporting thread's iteration teardowns call it, in an order JMH does not document.
     */
    synchronized Sampler stopSampling() throws InterruptedException {
        Sampler s = sampler;
        if (s != null) {
            s.stop = true;
            LockSupport.unpark(s.thread);
            s.thread.join();
            s.heapUsedBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            sampler = null;
            last = s;
            System.out.printf("%n# peaks: pending %d, pages %d, held %d KiB; heap used %d KiB%n", s.peakPending,
                    s.peakPages, s.peakHeldBytes / 1024, s.heapUsedBytes / 1024);
        }
        return last;
    }

    @TearDown(Level.Iteration)
    public void endIteration() throws InterruptedException {
        stopSampling();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        domain.barrier();
        long a = accepted.sum();
        long c = closed.sum();
        long again = closedAgain.sum();
        System.out.printf("%n# %s%n# accepted %d, closed %d, closed again %d%n", domain.stats(), a, c, again);
        domain.close();
        if (c != a || again != 0) {
            throw new IllegalStateException("after barrier(): " + a + " resource(s) accepted, " + c
                    + " closed, " + again + " close(s) of a closed one");
        }
    }

    @Benchmark
    public void flood(Peaks peaks) {
        Resource r = new Resource(this);
        accepted.increment();
        if (perResource) {
            domain.call(r::close);
        } else {
            domain.retire(r);
        }
    }

    /**
     * The sampler's peaks as JMH secondary results. JMH sums EVENTS counters over threads, measurement
     * iterations and forks: only the thread of index 0 reports (the others keep 0), and it reports each
     * measurement iteration's peak divided by iterations x forks, so that the sum is their mean.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Peaks {
        public double peakPending;
        public double peakPages;
        public double peakHeldKiB;
        public double heapUsedKiB;
        /** Written at trial setup, read by the same thread. */
        private boolean reporter;
        private double share;

        @Setup(Level.Trial)
        public void setUp(ThreadParams threads, BenchmarkParams params) {
            reporter = threads.getThreadIndex() == 0;
            share = 1.0 / (Math.max(1, params.getForks()) * params.getMeasurement().getCount());
        }

        @Setup(Level.Iteration)
        public void reset() {
            peakPending = 0;
            peakPages = 0;
            peakHeldKiB = 0;
            heapUsedKiB = 0;
        }

        @TearDown(Level.Iteration)
        public void publish(RetireFloodBench bench, IterationParams iteration) throws InterruptedException {
            if (!reporter || iteration.getType() != IterationType.MEASUREMENT) {
                return; // the bench's own teardown stops the sampler
            }
            Sampler s = bench.stopSampling();
            peakPending = s.peakPending * share;
            peakPages = s.peakPages * share;
            peakHeldKiB = s.peakHeldBytes / 1024.0 * share;
            heapUsedKiB = s.heapUsedBytes / 1024.0 * share;
        }
    }
}
