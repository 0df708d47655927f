package dev.quiesce.rcu;

import static dev.quiesce.rcu.FakeThreadView.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sample that finds a thread inside read sections clears it when the domain's {@link ReaderProgress} saw the
 * thread begin one of its own sections since the snapshot taken after the thread's previous sample, and covers
 * every read-side frame of the new sample; in every other case the thread stays a holdout.
 */
class ReaderProgressTest {
    private static final StackTraceElement CHAIN = frame("com.example.Probe", "handle", false);
    private static final StackTraceElement OTHER_READER = frame("com.example.Lockless", "read", false);
    private static final StackTraceElement APP = frame("com.example.App", "loop", false);
    private static final long MS = 1_000_000L;

    private final FakeThreadView view = new FakeThreadView();
    private final ReaderFrames readers = new ReaderFrames();
    private final CountingProgress progress = new CountingProgress();
    private TasksGracePeriod engine;

    @BeforeEach
    void setUp() {
        readers.add("com.example.Probe");
        readers.add("com.example.Lockless");
        readers.progressWith(progress);
        TasksTuning d = TasksTuning.defaults();
        engine = new TasksGracePeriod("test", view, QsRegistry.INSTANCE, readers, new TasksTuning(Duration.ofMillis(2),
                d.maxBackoff(), d.expeditedMaxBackoff(), 2000, d.maxSampleBackoff(), d.stallInfoAfter(),
                d.stallWarnAfter()));
        engine.setSelf(Thread.currentThread());
    }

    /**
     * A provider over a per-thread count of entered sections that the test advances; records each call with the
     * number of samples taken before it.
     */
    private final class CountingProgress implements ReaderProgress {
        final Map<Thread, Long> entries = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        boolean throwing;

        void enter(Thread t) {
            entries.merge(t, 1L, Long::sum);
        }

        @Override
        public Object snapshot(Thread thread) {
            calls.add("snapshot " + thread.getName() + " after " + view.sampled.size());
            check();
            return entries.getOrDefault(thread, 0L);
        }

        @Override
        public boolean progressedSince(Thread thread, Object snapshot) {
            calls.add("progressed " + thread.getName() + " after " + view.sampled.size());
            check();
            return entries.getOrDefault(thread, 0L) > (Long) snapshot;
        }

        @Override
        public boolean covers(StackTraceElement frame) {
            return frame.getClassName().equals("com.example.Probe");
        }

        private void check() {
            if (throwing) {
                throw new IllegalStateException("provider failed");
            }
        }
    }

    @Test
    void aThreadThatBeganASectionBetweenTwoSamplesInsideSectionsClears() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        engine.phasePreGp();
        engine.phaseScan(view.now);
        progress.enter(busy); // before the first sample: proves nothing
        assertEquals(1, engine.recheck(view.now, true), "a first sample inside a chain never clears");
        assertEquals(List.of("snapshot busy after 1"), progress.calls, "the snapshot follows the sample");
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + MS, true));
        assertEquals(List.of("snapshot busy after 1", "progressed busy after 1"), progress.calls,
                "asked before the second sample");
        assertEquals(2, view.sampled.size(), "cleared by a sample, never without one");
        assertEquals(1, engine.progressClears());
        assertEquals(0, engine.samplesCleared());
    }

    @Test
    void noNewSectionBetweenTheSamplesKeepsTheHoldout() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        progress.enter(busy);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        assertEquals(1, engine.recheck(view.now + MS, true), "the count did not move since the snapshot");
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + 3 * MS, true), "it moved since the second snapshot");
        assertEquals(1, engine.progressClears());
    }

    @Test
    void aSnapshotServesOnlyItsOwnGracePeriod() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        engine.phaseScan(view.now);
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now, true), "the new grace period has no snapshot yet");
        assertEquals(0, engine.progressClears());
    }

    @Test
    void aReadSectionOfAnotherKindOnTheStackKeepsTheHoldout() {
        // A chain run from inside another reader's section: the chain is new, the other section may not be.
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, OTHER_READER, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now + MS, true));
        assertEquals(0, engine.progressClears());
        view.stacks.put(busy, new StackTraceElement[] {CHAIN, APP});
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + 3 * MS, true), "the other section ended");
    }

    @Test
    void progressWithoutAnyReaderFrameIsAnOrdinaryCleanSample() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        view.stacks.put(busy, new StackTraceElement[] {APP});
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + MS, true));
        assertEquals(1, engine.samplesCleared());
        assertEquals(0, engine.progressClears());
    }

    @Test
    void aProviderThatThrowsGivesNoEvidence() {
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        progress.throwing = true;
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now + MS, true), "progressedSince threw");
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now + 3 * MS, true), "and the snapshot after it threw: none kept");
        progress.throwing = false;
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now + 7 * MS, true), "a fresh snapshot first");
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + 15 * MS, true));
    }

    @Test
    void aCarriersMountedVirtualThreadIsNeverClearedByProgress() {
        Thread carrier = view.add("carrier", Thread.State.RUNNABLE, frame("jdk.internal.vm.Continuation", "run", false));
        Thread vthread = new Thread(() -> { }, "vthread-double");
        view.stacks.put(vthread, new StackTraceElement[] {CHAIN, APP});
        Quiescence.carrierMount(carrier, vthread);
        try {
            engine.phaseScan(view.now);
            assertEquals(1, engine.recheck(view.now, true));
            progress.enter(carrier);
            progress.enter(vthread);
            assertEquals(1, engine.recheck(view.now + MS, true));
            assertEquals(List.of(), progress.calls, "never asked");
            assertEquals(List.of(vthread, vthread), view.sampled);
        } finally {
            QsRegistry.INSTANCE.forCarrier(carrier).soMountedRelease(null);
        }
    }

    @Test
    void aProviderSetDuringAGracePeriodServesFromTheNextOne() {
        readers.progressWith(null);
        Thread busy = view.add("busy", Thread.State.RUNNABLE, CHAIN, APP);
        engine.phaseScan(view.now);
        readers.progressWith(progress);
        assertEquals(1, engine.recheck(view.now, true));
        progress.enter(busy);
        assertEquals(1, engine.recheck(view.now + MS, true));
        assertEquals(List.of(), progress.calls);
        engine.phaseScan(view.now);
        assertEquals(1, engine.recheck(view.now, true));
        progress.enter(busy);
        assertEquals(0, engine.recheck(view.now + MS, true));
    }
}
