package dev.quiesce.rcu;

import static dev.quiesce.rcu.FakeThreadView.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Steps the tasks engine phase by phase against a scripted view of the threads. */
class TasksGracePeriodTest {
    private static final StackTraceElement READER = frame("com.example.Probe", "handle", false);
    private static final StackTraceElement APP = frame("com.example.App", "loop", false);
    private static final StackTraceElement NATIVE = frame("java.net.Socket", "read0", true);

    private final FakeThreadView view = new FakeThreadView();
    private final ReaderFrames readers = new ReaderFrames();
    private TasksGracePeriod engine;

    @BeforeEach
    void setUp() {
        readers.add("com.example.Probe");
        engine = engine(2000);
    }

    private TasksGracePeriod engine(int samplesPerSecond) {
        TasksTuning d = TasksTuning.defaults();
        TasksTuning t = new TasksTuning(Duration.ofMillis(2), d.maxBackoff(), d.expeditedMaxBackoff(),
                samplesPerSecond, d.maxSampleBackoff(), d.stallInfoAfter(), d.stallWarnAfter());
        TasksGracePeriod e = new TasksGracePeriod("test", view, QsRegistry.INSTANCE, readers, t);
        e.setSelf(Thread.currentThread());
        return e;
    }

    private List<Thread> holdoutThreads() {
        return engine.holdouts().stream().map(h -> h.thread).toList();
    }

    @Test
    void scanClearsThreadsThatAreNotRunning() {
        view.add("waiting", Thread.State.WAITING);
        view.add("timed", Thread.State.TIMED_WAITING);
        view.add("new", Thread.State.NEW);
        view.add("dead", Thread.State.TERMINATED);
        Thread busy = view.add("busy", Thread.State.RUNNABLE, APP);
        Thread blocked = view.add("blocked", Thread.State.BLOCKED, APP);
        engine.phasePreGp();
        assertEquals(2, engine.phaseScan(view.now));
        assertEquals(List.of(busy, blocked), holdoutThreads());
    }

    @Test
    void blockedClearsOnlyAtASecondObservation() {
        Thread blocked = view.add("blocked", Thread.State.BLOCKED, APP);
        engine.phaseScan(view.now);
        assertEquals(List.of(blocked), holdoutThreads(), "BLOCKED at the scan is not yet proof");
        assertEquals(0, engine.recheck(view.now, false), "still BLOCKED at the recheck: quiescent");
    }

    @Test
    void withoutFencedReturnTheFirstRecheckRunsAProcessBarrierBeforeReadingStates() {
        view.fencedReturn = false;
        view.barrier = true;
        Thread w = view.add("waiting", Thread.State.WAITING);
        Thread back = view.add("back-in-java", Thread.State.TIMED_WAITING, APP);
        view.add("busy", Thread.State.RUNNABLE, APP);
        assertEquals(3, engine.phaseScan(view.now));
        assertTrue(view.barriersAtSample.isEmpty(), "the scan itself runs no barrier");
        view.states.put(back, Thread.State.RUNNABLE); // returned to Java before the barrier: seen after it
        assertEquals(2, engine.recheck(view.now, false));
        assertEquals(List.of(0), view.barriersAtSample, "one barrier, before the recheck");
        assertFalse(holdoutThreads().contains(w));
        assertTrue(holdoutThreads().contains(back));
        engine.recheck(view.now, false);
        assertEquals(1, view.barriersAtSample.size(), "only the first recheck runs it");
    }

    @Test
    void noProcessBarrierWhenReturnsAreFencedOrNothingWaits() {
        view.barrier = true;
        view.add("waiting", Thread.State.WAITING);
        view.add("busy", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        engine.recheck(view.now, false);
        view.fencedReturn = false;
        view.states.clear();
        view.add("busy-2", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        engine.recheck(view.now, false);
        assertTrue(view.barriersAtSample.isEmpty());
    }

    @Test
    void waitingNeedsASecondObservationWithoutFencedReturn() {
        view.fencedReturn = false;
        Thread w = view.add("waiting", Thread.State.WAITING);
        assertEquals(1, engine.phaseScan(view.now));
        assertEquals(List.of(w), holdoutThreads());
        assertEquals(0, engine.recheck(view.now, false));
    }

    @Test
    void runnableHoldoutStaysUntilItsStateChanges() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, READER, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, false));
        view.states.put(busy, Thread.State.TIMED_WAITING);
        assertEquals(0, engine.recheck(view.now, false));
    }

    @Test
    void terminatedHoldoutClears() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, READER);
        engine.phaseScan(view.now);
        view.states.put(busy, Thread.State.TERMINATED);
        assertEquals(0, engine.recheck(view.now, false));
    }

    @Test
    void hookCounterClearsAHoldout() throws Exception {
        // A real thread owns the record; the view reports it RUNNABLE throughout.
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            Quiescence.report();
            registered.countDown();
            await(go);
            Quiescence.report();
            reported.countDown();
        });
        t.start();
        registered.await();
        view.states.put(t, Thread.State.RUNNABLE);
        view.stacks.put(t, new StackTraceElement[] {READER});
        engine.phaseScan(view.now);
        assertEquals(List.of(t), holdoutThreads());
        assertEquals(1, engine.recheck(view.now, false), "no report since the scan");
        go.countDown();
        reported.await();
        assertEquals(0, engine.recheck(view.now, false), "the counter moved");
        t.join();
    }

    @Test
    void firstReportAfterTheScanClearsAThreadWithoutRecord() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            await(go);
            Quiescence.report();
        });
        view.states.put(t, Thread.State.RUNNABLE);
        view.stacks.put(t, new StackTraceElement[] {READER});
        t.start();
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, false));
        go.countDown();
        t.join();
        assertEquals(0, engine.recheck(view.now, false));
    }

    @Test
    void offlineThreadIsQuiescentAtTheScan() throws Exception {
        java.util.concurrent.CountDownLatch offline = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            Quiescence.offline();
            offline.countDown();
            await(done);
            Quiescence.online();
        });
        t.start();
        offline.await();
        view.states.put(t, Thread.State.RUNNABLE);
        view.stacks.put(t, new StackTraceElement[] {READER});
        assertEquals(0, engine.phaseScan(view.now));
        done.countDown();
        t.join();
    }

    @Test
    void normalGracePeriodSamplesOnlyAfterTheDelay() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now + 1_000_000L, false), "1 ms old: not sampled yet");
        assertTrue(view.sampled.isEmpty());
        assertEquals(0, engine.recheck(view.now + 2_000_000L, false), "2 ms old: sampled, outside readers");
        assertEquals(List.of(busy), view.sampled);
    }

    @Test
    void aThreadThatReportedBeforeWaitsLongerForItsSample() throws Exception {
        java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            Quiescence.report();
            registered.countDown();
            await(done);
        });
        t.start();
        registered.await();
        view.states.put(t, Thread.State.RUNNABLE);
        view.stacks.put(t, new StackTraceElement[] {APP});
        try {
            engine.phaseScan(view.now);
            assertEquals(1, engine.recheck(view.now + 2_000_000L, false), "2 ms: a reporter is not sampled yet");
            assertTrue(view.sampled.isEmpty());
            view.processors = 1; // overcommitted: a reporter still waits for its rotation
            engine.phaseScan(view.now);
            assertEquals(1, engine.recheck(view.now + 20_000_000L, false), "20 ms: not sampled yet");
            assertTrue(view.sampled.isEmpty());
            assertEquals(0, engine.recheck(view.now + 50_000_000L, false), "50 ms: sampled");
        } finally {
            done.countDown();
            t.join();
        }
    }

    @Test
    void overcommittedMachineSamplesSilentHoldoutsAtOnce() {
        view.processors = 2;
        Thread a = view.add("busy-a", Thread.State.RUNNABLE, APP);
        Thread b = view.add("busy-b", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        assertEquals(0, engine.recheck(view.now, false), "2 runnable holdouts on 2 CPUs: sampled at once");
        assertEquals(List.of(a, b), view.sampled, "both in one batch");
    }

    @Test
    void blockedHoldoutsDoNotMakeTheMachineOvercommitted() {
        view.processors = 2;
        view.add("busy", Thread.State.RUNNABLE, APP);
        view.add("blocked", Thread.State.BLOCKED, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, false), "one runnable holdout on 2 CPUs: not sampled yet");
        assertTrue(view.sampled.isEmpty());
    }

    @Test
    void expeditedGracePeriodSamplesAtOnce() {
        view.add("busy", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        assertEquals(0, engine.recheck(view.now, true));
    }

    @Test
    void sampleInsideAReaderKeepsTheHoldoutAndBacksOff() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, READER, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        assertEquals(1, view.sampled.size());
        assertEquals(1, engine.recheck(view.now + 500_000L, true), "backing off: no second sample yet");
        assertEquals(1, view.sampled.size());
        view.stacks.put(busy, new StackTraceElement[] {APP});
        assertEquals(0, engine.recheck(view.now + 1_000_000L, true), "sampled again after 1 ms, now outside");
    }

    @Test
    void nestedReaderClassMatches() {
        view.add("busy", Thread.State.RUNNABLE, frame("com.example.Probe$Inner", "run", false));
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
    }

    @Test
    void idleSinceACleanSampleClearsTheNextScanWithoutSampling() {
        Thread nat = view.add("accept", Thread.State.RUNNABLE, NATIVE, APP);
        view.cpu.put(nat, 5_000L);
        engine.phaseScan(view.now);
        assertEquals(0, engine.recheck(view.now, true));
        assertEquals(1, view.sampled.size());
        assertEquals(0, engine.phaseScan(view.now), "no CPU time since the clean sample");
        assertEquals(1, view.sampled.size(), "and no new sample");
        view.cpu.put(nat, 5_001L);
        assertEquals(1, engine.phaseScan(view.now), "it ran: the baseline no longer proves anything");
    }

    @Test
    void sampleWhileTheThreadRanSetsNoBaseline() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, APP) ;
        FakeThreadView moving = view;
        // CPU time advances between the reads around the sample.
        engine = new TasksGracePeriod("test", new ThreadViewAdvancingCpu(moving, busy), QsRegistry.INSTANCE, readers,
                TasksTuning.defaults());
        engine.setSelf(Thread.currentThread());
        engine.phaseScan(view.now);
        assertEquals(0, engine.recheck(view.now, true));
        assertEquals(1, engine.phaseScan(view.now), "no baseline was kept");
    }

    @Test
    void withoutReaderPatternsOnlyNativeOrEmptyStacksClear() {
        readers.remove("com.example.Probe");
        view.add("vm-only", Thread.State.RUNNABLE);
        view.add("native", Thread.State.RUNNABLE, NATIVE, APP);
        Thread java = view.add("java", Thread.State.RUNNABLE, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        assertEquals(List.of(java), holdoutThreads());
    }

    @Test
    void carrierRunningAnUnknownVirtualThreadIsNotClearedBySampling() {
        view.add("carrier", Thread.State.RUNNABLE,
                frame("jdk.internal.vm.Continuation", "run", false),
                frame("java.lang.VirtualThread", "runContinuation", false));
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
    }

    @Test
    void busyCarrierIsSampledThroughItsMountedVirtualThread() {
        Thread carrier = view.add("carrier", Thread.State.RUNNABLE, frame("jdk.internal.vm.Continuation", "run", false));
        Thread vthread = new Thread(() -> {}, "vthread-double");
        view.stacks.put(vthread, new StackTraceElement[] {READER});
        Quiescence.carrierMount(carrier, vthread);
        try {
            engine.phaseScan(view.now);
            assertEquals(1, engine.recheck(view.now, true), "the mounted thread is inside a reader");
            assertEquals(List.of(vthread), view.sampled);
            view.stacks.put(vthread, new StackTraceElement[] {APP});
            assertEquals(0, engine.recheck(view.now + 2_000_000L, true));
        } finally {
            QsRegistry.INSTANCE.forCarrier(carrier).soMountedRelease(null);
        }
    }

    @Test
    void samplingIsRateLimited() {
        engine = engine(10); // burst of one sample
        for (int i = 0; i < 5; i++) {
            view.add("busy" + i, Thread.State.RUNNABLE, APP);
        }
        engine.phaseScan(view.now);
        assertEquals(4, engine.recheck(view.now, true));
        assertEquals(1, view.sampled.size());
        assertEquals(3, engine.recheck(view.now + 100_000_000L, true), "refilled one token in 100 ms");
    }

    @Test
    void theEngineThreadIsNeverAHoldout() {
        view.states.put(Thread.currentThread(), Thread.State.RUNNABLE);
        assertEquals(0, engine.phaseScan(view.now));
    }

    @Test
    void phaseNamesFollowTheGracePeriod() {
        assertEquals("IDLE", engine.phase());
        engine.phasePreGp();
        assertEquals("PRE_GP", engine.phase());
        engine.phaseScan(view.now);
        assertEquals("SCAN", engine.phase());
        engine.phasePostGp();
        assertEquals("IDLE", engine.phase());
    }

    private static void await(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Delegates to a fake view but advances one thread's CPU time on every read. */
    private static final class ThreadViewAdvancingCpu implements ThreadView {
        private final FakeThreadView v;
        private final Thread moving;

        ThreadViewAdvancingCpu(FakeThreadView v, Thread moving) {
            this.v = v;
            this.moving = moving;
        }

        @Override
        public Thread[] platformThreads() {
            return v.platformThreads();
        }

        @Override
        public Thread.State state(Thread t) {
            return v.state(t);
        }

        @Override
        public StackTraceElement[][] sample(List<Thread> threads) {
            return v.sample(threads);
        }

        @Override
        public long cpuTimeNanos(Thread t) {
            long c = v.cpuTimeNanos(t);
            if (t == moving) {
                v.cpu.put(t, c + 1000);
            }
            return c;
        }

        @Override
        public long nanoTime() {
            return v.nanoTime();
        }
    }

    @Test
    void noHoldoutsMeansNothingToWaitFor() {
        view.add("parked", Thread.State.WAITING);
        engine.phaseScan(view.now);
        assertFalse(engine.holdouts().iterator().hasNext());
    }
}
