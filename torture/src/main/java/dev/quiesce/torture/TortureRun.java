package dev.quiesce.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One torture run: builds the domain and the shared state, starts the writer, the fake writer, the barrier
 * and forward-progress testers and the readers, arms a stall every second and prints progress until the
 * time is up, then stops everything and gives the verdict.
 *
 * <p>Stopping is bounded at every step: threads get {@link #STOP_NANOS} to end, the callback chains
 * {@link #DRAIN_NANOS} to drain before the domain is closed, and a {@link Watchdog} gives the FAILURE verdict
 * if no verdict exists {@link #WATCHDOG_NANOS} after the end.
 */
final class TortureRun {
    /** Elements in circulation (rcutorture has ten per pipe stage). */
    static final int POOL_SIZE = 10 * TortureElement.PIPE_LEN;
    /** Reader checks per second of run below which the run fails: the readers barely ran. */
    static final long MIN_CHECKS_PER_SECOND = 10_000;
    private static final long SECOND = 1_000_000_000L;
    private static final long STALL_EVERY_NANOS = SECOND;
    /** Longer than the forward-progress deadline: a flood cut short by the stop still waits for its callbacks. */
    private static final long STOP_NANOS = 2 * ForwardProgressTester.DEADLINE_NANOS;
    private static final long DRAIN_NANOS = 5 * SECOND;
    private static final long WATCHDOG_NANOS = 20 * SECOND;
    /** Sections the main thread runs before the readers start, so theirs load and initialise nothing. */
    private static final int WARM_UP_SECTIONS = 10_000;

    private final TortureOptions options;
    private final TortureCounters counters = new TortureCounters();
    private final StopSignal stop = new StopSignal();
    private final StallInjector stalls = new StallInjector();

    TortureRun(TortureOptions options) {
        this.options = options;
    }

    /** Runs the test; returns the exit code (0 SUCCESS, 1 FAILURE). */
    int run() {
        TortureFlavor flavor = TortureFlavor.create(options.flavor());
        flavor.registerReaderCode(ReadSection.class);
        ElementPool pool = new ElementPool(POOL_SIZE, counters.circulation);
        PublishedElement current = new PublishedElement();
        TortureElement first = pool.allocate();
        first.prepareForPublication();
        current.publish(first);
        GracePeriodClock clock = new GracePeriodClock();
        ReaderEnvironment env = new ReaderEnvironment(flavor, current, clock, stalls, counters, stop);
        warmUp(env);

        List<ReaderMix.Kind> kinds = ReaderMix.of(options.readers(), VirtualThreads.supported());
        TortureReport report = new TortureReport(System.out, flavor, counters, kinds,
                MIN_CHECKS_PER_SECOND * options.seconds());
        report.header(options);
        long start = System.nanoTime();
        long end = start + options.seconds() * SECOND;
        new Watchdog(report, end + WATCHDOG_NANOS, WATCHDOG_NANOS).start();

        TortureThreads threads = new TortureThreads(counters);
        DeferredFree callPath = new DeferredFree(flavor, pool, false);
        DeferredFree retirePath = new DeferredFree(flavor, pool, true);
        threads.startPlatform("torture-writer",
                new TortureWriter(flavor, current, pool, clock, callPath, retirePath, counters, stop));
        threads.startPlatform("torture-fakewriter", new FakeWriter(flavor, stop));
        threads.startPlatform("torture-barrier", new BarrierTester(flavor, counters, stop));
        threads.startPlatform("torture-fwd", new ForwardProgressTester(flavor, counters, stop));
        for (int i = 0; i < kinds.size(); i++) {
            startReader(threads, kinds.get(i), "torture-reader-" + i, env);
        }

        runUntil(start, end, report);
        stop.stop();
        List<String> failures = new ArrayList<>();
        List<Thread> live = threads.joinAll(System.nanoTime() + STOP_NANOS);
        if (!live.isEmpty()) {
            // A thread stuck in a grace-period wait: closing the domain would hang as well.
            failures.add(live.size() + " threads still running " + STOP_NANOS / SECOND + " s after the end: "
                    + describe(live));
        } else {
            String drain = drain(flavor, callPath, retirePath);
            if (drain != null) {
                failures.add(drain);
            }
            flavor.close();
        }
        int code = report.conclude(failures);
        return code < 0 ? 1 : code; // < 0: the watchdog gave the verdict and is halting the JVM
    }

    private static void startReader(TortureThreads threads, ReaderMix.Kind kind, String name, ReaderEnvironment env) {
        String fullName = name + "-" + kind.name().toLowerCase(Locale.ROOT);
        switch (kind) {
            case HOT -> threads.startPlatform(fullName, new HotReader(env));
            case HOLDOUT -> threads.startPlatform(fullName, new HoldoutReader(env));
            case PARKING -> threads.startPlatform(fullName, new ParkingReader(env));
            case OFFLINE -> threads.startPlatform(fullName, new OfflineReader(env));
            case CHURNING -> threads.startPlatform(fullName, new ChurningReaders(env, threads, fullName));
            case VIRTUAL -> threads.startVirtual(fullName, new VirtualReader(env));
        }
    }

    /**
     * Runs sections on this thread so that the readers' first sections find every class loaded and linked.
     * They count into counters of their own: the warm-up tests nothing.
     */
    private static void warmUp(ReaderEnvironment env) {
        ReaderEnvironment scratch = new ReaderEnvironment(env.flavor(), env.current(), env.clock(),
                new StallInjector(), new TortureCounters(), env.stop());
        ReadSection section = new ReadSection(scratch, ReaderMix.Kind.HOT);
        for (int i = 0; i < WARM_UP_SECTIONS; i++) {
            section.run();
        }
        section.flush();
    }

    /** The main thread's part: a stall every second, a progress line every few seconds, until {@code end}. */
    private void runUntil(long start, long end, TortureReport report) {
        long progressEvery = Math.max(1, Math.min(5, options.seconds() / 5)) * SECOND;
        long nextStall = start + STALL_EVERY_NANOS;
        long nextProgress = start + progressEvery;
        for (long now = System.nanoTime(); end - now > 0; now = System.nanoTime()) {
            if (now - nextStall >= 0) {
                stalls.arm();
                nextStall += STALL_EVERY_NANOS;
            }
            CreationFaults.phase(now - start);
            if (now - nextProgress >= 0) {
                report.progress();
                nextProgress += progressEvery;
            }
            LockSupport.parkNanos(this, Math.min(end - now, 50_000_000L));
        }
    }

    /**
     * Lets the call and retire chains finish, one grace period per barrier, so that close() refuses none of
     * their re-queued callbacks. Returns what went wrong, or null.
     */
    private static String drain(TortureFlavor flavor, DeferredFree... chains) {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        for (;;) {
            long inFlight = 0;
            for (DeferredFree c : chains) {
                inFlight += c.inFlight();
            }
            if (inFlight == 0) {
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                return inFlight + " retired elements still waiting for their callbacks "
                        + TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS) + " s after the end";
            }
            flavor.barrier();
        }
    }

    private static String describe(List<Thread> threads) {
        StringBuilder sb = new StringBuilder();
        for (Thread t : threads) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.getName()).append(" (").append(t.getState());
            StackTraceElement[] st = t.getStackTrace();
            if (st.length > 0) {
                sb.append(" at ").append(st[0]);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
