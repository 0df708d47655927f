package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Samples deeper than the JVM's depth limits (1024 frames by default) come back whole: a read section below
 * the innermost 1024 frames must still show, or the sample would clear a thread inside it.
 */
class JvmThreadViewTest {
    private static final int DEPTH = 3000;

    /** Recurses {@code DEPTH} frames, marks the bottom with a frame of {@link DeepReader}, then parks. */
    private static final class DeepThread extends Thread {
        final CountDownLatch deep = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        DeepThread() {
            super(null, null, "deep", 64L << 20);
            setDaemon(true);
        }

        @Override
        public void run() {
            DeepReader.enter(this);
        }

        void recurse(int n) {
            if (n == 0) {
                deep.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            recurse(n - 1);
        }
    }

    /** Stands for read-side code at the bottom of a deep stack. */
    private static final class DeepReader {
        static void enter(DeepThread t) {
            t.recurse(DEPTH);
        }
    }

    @Test
    void aSampleDeeperThanTheLimitsComesBackWhole() throws Exception {
        DeepThread t = new DeepThread();
        Thread other = new Thread(() -> { }, "other");
        t.start();
        try {
            assertTrue(t.deep.await(10, TimeUnit.SECONDS));
            ReaderFrames readers = new ReaderFrames();
            readers.add(DeepReader.class);
            StackTraceElement[] alone = JvmThreadView.INSTANCE.sample(List.of(t))[0];
            StackTraceElement[] batched = JvmThreadView.INSTANCE.sample(List.of(t, Thread.currentThread()))[0];
            for (StackTraceElement[] st : List.of(alone, batched)) {
                assertTrue(st.length > DEPTH, "whole: " + st.length + " frames");
                assertFalse(readers.proveQuiescent(st), "the reader frame at the bottom is seen");
            }
            assertEquals(null, JvmThreadView.INSTANCE.sample(List.of(other))[0], "never started: no sample");
        } finally {
            t.release.countDown();
            t.join();
        }
    }

    @Test
    void aSampleMarkedTruncatedProvesNothing() {
        ReaderFrames readers = new ReaderFrames();
        readers.add("com.example.Probe");
        StackTraceElement app = new StackTraceElement("com.example.App", "loop", "App.java", 3);
        assertTrue(readers.proveQuiescent(new StackTraceElement[] {app}));
        assertFalse(readers.proveQuiescent(new StackTraceElement[] {app, ThreadView.TRUNCATED}));
        assertFalse(new ReaderFrames().proveQuiescent(new StackTraceElement[] {ThreadView.TRUNCATED}),
                "nor without reader frames registered");
    }

    /** Parks in a method whose name the sample must show. */
    static final class ParkedImpostor extends Thread {
        final CountDownLatch parked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final long claimed;

        ParkedImpostor(long claimed) {
            this.claimed = claimed;
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            return claimed; // another thread's id
        }

        @Override
        public void run() {
            parkedInTheImpostor();
        }

        void parkedInTheImpostor() {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void aThreadThatClaimsAnotherThreadsIdIsSampledItself() throws Exception {
        ParkedImpostor impostor = new ParkedImpostor(Thread.currentThread().getId());
        impostor.start();
        try {
            assertTrue(impostor.parked.await(10, TimeUnit.SECONDS));
            StackTraceElement[] st = JvmThreadView.INSTANCE.sample(List.of(Thread.currentThread(), impostor))[1];
            assertTrue(java.util.Arrays.stream(st).anyMatch(e -> e.getMethodName().equals("parkedInTheImpostor")),
                    "the impostor's own stack, not the thread whose id it claims: " + java.util.Arrays.toString(st));
        } finally {
            impostor.release.countDown();
            impostor.join();
        }
    }
}
