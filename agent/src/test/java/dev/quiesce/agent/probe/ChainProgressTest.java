package dev.quiesce.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.ChainNesting;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.spec.ActionKind;
import dev.quiesce.agent.spec.SiteKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's progress evidence: which versions it watches, what a snapshot of a thread holds, when a grown
 * count counts as a new chain, and what it refuses while a version that may run application code is live.
 */
class ChainProgressTest {
    private final ChainProgress progress = new ChainProgress();
    private final Hitter hitter = new Hitter();
    private final List<ProbeVersion> built = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        hitter.close();
        for (ProbeVersion v : built) {
            v.close(); // the nesting count is process-wide: leave it as it was
        }
        assertEquals(0, ChainNesting.unclosedVolatile());
    }

    private ProbeVersion version(String name, ActionKind action, ProbeHandler handler) {
        ProbeVersion v = new ProbeVersion(name, 1, "entry x.Y#z " + action, SiteKind.ENTRY, action, 1, handler, 100,
                null, null, null, 0, null, x -> { });
        built.add(v);
        return v;
    }

    private ProbeVersion count(String name) {
        return version(name, ActionKind.COUNT, null);
    }

    /** A thread that runs hits when asked, so that the counts are its own and not the test thread's. */
    private static final class Hitter {
        private final BlockingQueue<Runnable> work = new ArrayBlockingQueue<>(16);
        final Thread thread = new Thread(() -> {
            try {
                for (;;) {
                    work.take().run();
                }
            } catch (InterruptedException stop) {
                // done
            }
        }, "hitter");

        Hitter() {
            thread.setDaemon(true);
            thread.start();
        }

        void run(Runnable r) throws InterruptedException {
            ArrayBlockingQueue<Boolean> done = new ArrayBlockingQueue<>(1);
            work.put(() -> {
                r.run();
                done.add(true);
            });
            assertNotNull(done.poll(10, TimeUnit.SECONDS));
        }

        void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }

    @Test
    void aHitInAWatchedVersionAfterTheSnapshotIsProgress() throws Exception {
        ProbeVersion v = count("a");
        progress.linked(List.of(v));
        hitter.run(v::hit);
        Object s = progress.snapshot(hitter.thread);
        assertNotNull(s, "its own slot in a watched version");
        assertFalse(progress.progressedSince(hitter.thread, s), "no hit since the snapshot");
        hitter.run(v::hit);
        assertTrue(progress.progressedSince(hitter.thread, s));
        hitter.run(v::unpaired);
        Object s2 = progress.snapshot(hitter.thread);
        hitter.run(v::unpaired);
        assertTrue(progress.progressedSince(hitter.thread, s2), "an unpaired exit is a chain run too");
    }

    @Test
    void hitsOfOtherThreadsAreNoProgressOfThisOne() throws Exception {
        ProbeVersion v = count("a");
        progress.linked(List.of(v));
        hitter.run(v::hit);
        Object s = progress.snapshot(hitter.thread);
        v.hit(); // the test thread's own slot
        assertFalse(progress.progressedSince(hitter.thread, s));
    }

    @Test
    void aThreadWithoutItsOwnSlotHasNothingToWatch() throws Exception {
        ProbeVersion v = count("a");
        progress.linked(List.of(v));
        assertNull(progress.snapshot(hitter.thread), "no hit yet: the slot is nobody's");
        ThreadCounts c = v.perThreadCounts()[0];
        long id = hitter.thread.getId();
        Thread other; // a thread whose id lands on the same slot (ids are handed out in sequence)
        do {
            other = new Thread(v::hit, "slot-owner");
        } while ((other.getId() & (ThreadCounts.SLOTS - 1)) != (id & (ThreadCounts.SLOTS - 1)));
        other.start();
        other.join();
        hitter.run(v::hit); // counted in the shared adder: cannot be told from others' hits
        assertEquals(-1, c.countOf(id));
        assertNull(progress.snapshot(hitter.thread));
    }

    @Test
    void aVersionThatSharedAChainIsNotWatched() throws Exception {
        ProbeVersion alone = count("alone");
        ProbeVersion shared = count("shared");
        shared.markShared();
        progress.linked(List.of(alone, shared));
        hitter.run(shared::hit);
        assertNull(progress.snapshot(hitter.thread), "only a shared version counted: nothing to watch");
        hitter.run(alone::hit);
        Object s = progress.snapshot(hitter.thread);
        hitter.run(shared::hit);
        assertFalse(progress.progressedSince(hitter.thread, s),
                "a shared version's hit may come from an old chain that still runs an unlinked handler after it");
        alone.markShared(); // shared after the snapshot was taken
        progress.linked(List.of(alone, shared));
        assertNull(progress.snapshot(hitter.thread));
    }

    @Test
    void nothingWhileAVersionThatMayRunApplicationCodeIsNotClosed() throws Exception {
        ProbeVersion v = count("a");
        progress.linked(List.of(v));
        hitter.run(v::hit);
        Object s = progress.snapshot(hitter.thread);
        ProbeVersion handler = version("h", ActionKind.HANDLER, new ProbeHandler() { });
        assertEquals(1, ChainNesting.unclosedVolatile(), "counted when built, before anything links it");
        progress.linked(List.of(v, handler));
        hitter.run(v::hit);
        assertFalse(progress.progressedSince(hitter.thread, s), "its handler may call into another chain");
        assertNull(progress.snapshot(hitter.thread));
        StackTraceElement marker = new StackTraceElement("com.example.App", "run", "App.java", SiteLines.MARKER);
        assertFalse(progress.covers(marker));
        progress.linked(List.of(v)); // removed: unlinked, but its chain may still run until its grace period ends
        assertFalse(progress.progressedSince(hitter.thread, s));
        assertTrue(handler.close());
        assertFalse(handler.close(), "closed once");
        assertEquals(0, ChainNesting.unclosedVolatile());
        assertTrue(progress.progressedSince(hitter.thread, s));
        assertTrue(progress.covers(marker));
    }

    @Test
    void nothingWhileAVersionLinkedInCodeTheBuiltInHandlersRunIsNotClosed() throws Exception {
        assertTrue(ChainProgress.runByBuiltInHandlers("java.lang.Long"));
        assertTrue(ChainProgress.runByBuiltInHandlers("dev.quiesce.wq.Workqueue"));
        assertTrue(ChainProgress.runByBuiltInHandlers("jdk.internal.misc.Unsafe"));
        assertFalse(ChainProgress.runByBuiltInHandlers("com.example.Shop"));
        assertFalse(ChainProgress.runByBuiltInHandlers("javaish.Thing"));
        ProbeVersion v = count("a");
        ProbeVersion onJdk = count("on-jdk");
        progress.linked(List.of(v, onJdk));
        hitter.run(v::hit);
        Object s = progress.snapshot(hitter.thread);
        onJdk.markNests(); // what LinkedSite.relink does before linking it at a JDK site
        onJdk.markNests();
        assertEquals(1, ChainNesting.unclosedVolatile(), "counted once");
        hitter.run(v::hit);
        assertFalse(progress.progressedSince(hitter.thread, s),
                "a counting handler may call that JDK method: chains may run inside chains");
        onJdk.close();
        assertTrue(progress.progressedSince(hitter.thread, s));
    }

    @Test
    void coversTheSiteMarkerAndTheBuiltInHandlersOnly() {
        assertTrue(progress.covers(new StackTraceElement("com.example.App", "run", "App.java", SiteLines.MARKER)));
        assertTrue(progress.covers(new StackTraceElement(Handlers.class.getName(), "time", "Handlers.java", 50)));
        assertFalse(progress.covers(new StackTraceElement("com.example.App", "run", "App.java", 12)));
        assertFalse(progress.covers(new StackTraceElement(Handlers.class.getName() + "X", "time", null, 1)));
    }

    @Test
    void aForeignSnapshotIsNoEvidence() {
        assertFalse(progress.progressedSince(hitter.thread, "not a snapshot"));
    }
}
