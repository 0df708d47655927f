package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a read section sees when grace periods respect it, and when they end under it. */
@Timeout(30)
class ReadSectionTest {
    private final TortureCounters counters = new TortureCounters();
    private final ElementPool pool = new ElementPool(4, counters.circulation);
    private final PublishedElement current = new PublishedElement();
    private final GracePeriodClock clock = new GracePeriodClock();
    private final StallInjector stalls = new StallInjector();
    private final ReaderEnvironment env = new ReaderEnvironment(new ManualFlavor(true), current, clock, stalls,
            counters, new StopSignal());

    ReadSectionTest() {
        TortureElement first = pool.allocate();
        first.prepareForPublication();
        current.publish(first);
    }

    @Test
    void quietSectionsCountNoErrors() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.HOT);
        for (int i = 0; i < 1000; i++) {
            section.run();
        }
        section.flush();
        assertEquals(1000, counters.checks.sum());
        assertEquals(1000, counters.checks(ReaderMix.Kind.HOT).sum());
        assertEquals(1000, counters.readerPipe.snapshot()[0]);
        assertEquals(0, counters.errors());
    }

    @Test
    void gracePeriodsThatEndDuringAStalledSectionAreTooShort() throws Exception {
        TortureElement held = current.load();
        ReadSection section = new ReadSection(env, ReaderMix.Kind.PARKING);
        stalls.arm();
        Thread reader = new Thread(() -> {
            section.run(); // claims the stall: 100 ms or more inside the section
            section.flush();
        });
        reader.start();
        while (stalls.armed()) {
            Thread.onSpinWait();
        }
        TimeUnit.MILLISECONDS.sleep(10);
        // A broken updater: unpublish the held element and let two grace periods end while the reader holds it.
        TortureElement next = pool.allocate();
        next.prepareForPublication();
        current.publish(next);
        for (int i = 0; i < 2; i++) {
            clock.tick();
            pool.advance(held);
        }
        reader.join();
        assertEquals(1, counters.stallsInjected.sum());
        assertEquals(1, counters.readerPipe.snapshot()[2], "the reader saw pipe count 2");
        assertEquals(1, counters.readerBatch.snapshot()[2], "the reader saw two grace periods end");
        assertEquals(2, counters.tooShortGracePeriods());
    }

    @Test
    void anElementFreedAndReusedDuringASectionIsRecycledInUse() throws Exception {
        TortureElement held = current.load();
        ReadSection section = new ReadSection(env, ReaderMix.Kind.PARKING);
        stalls.arm();
        Thread reader = new Thread(() -> {
            section.run();
            section.flush();
        });
        reader.start();
        while (stalls.armed()) {
            Thread.onSpinWait();
        }
        TimeUnit.MILLISECONDS.sleep(10);
        while (!pool.advance(held)) {
            // all the way through the pipe: freed under the reader
        }
        TortureElement reused;
        do {
            reused = pool.allocate();
        } while (reused != held);
        reused.prepareForPublication(); // back at pipe 0, a new generation
        reader.join();
        assertEquals(1, counters.recycledInUse.sum());
        assertTrue(counters.tooShortGracePeriods() >= 1);
    }
}
