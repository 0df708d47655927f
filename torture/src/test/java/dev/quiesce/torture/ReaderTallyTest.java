package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReaderTallyTest {
    @Test
    void aQuietSectionIsCountedWithoutErrors() {
        ReaderTally t = new ReaderTally();
        t.record(0, 0, 0, true, true);
        t.record(0, 1, 1, true, true); // one grace period that was already running: allowed
        assertEquals(2, t.checks());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, t.pipe());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, t.batch());
        assertEquals(0, t.orderingErrors());
        assertEquals(0, t.recycled());
    }

    @Test
    void pipeAndBatchBeyondTheEndCountInTheLastBucket() {
        ReaderTally t = new ReaderTally();
        t.record(3, 12, 40, true, true);
        assertEquals(1, t.pipe()[TortureElement.PIPE_LEN]);
        assertEquals(1, t.batch()[TortureElement.PIPE_LEN]);
    }

    @Test
    void anUninitializedElementIsAMemoryOrderingError() {
        ReaderTally t = new ReaderTally();
        t.record(0, 0, 0, false, true);
        assertEquals(1, t.orderingErrors());
    }

    @Test
    void anElementReusedDuringTheSectionIsRecycledInUse() {
        ReaderTally t = new ReaderTally();
        t.record(0, 0, 0, true, false); // new generation, pipe back at 0
        t.record(9, 0, 0, true, true);  // pipe went backwards
        assertEquals(2, t.recycled());
    }

    @Test
    void flushAddsToTheCountersAndStartsAgain() {
        TortureCounters c = new TortureCounters();
        ReaderTally t = new ReaderTally();
        t.record(0, 2, 0, true, true);
        t.record(0, 0, 3, false, false);
        t.stalled();
        t.flushTo(c, ReaderMix.Kind.PARKING);
        t.flushTo(c, ReaderMix.Kind.PARKING); // nothing new: adds nothing
        assertEquals(2, c.checks.sum());
        assertEquals(2, c.checks(ReaderMix.Kind.PARKING).sum());
        assertEquals(0, c.checks(ReaderMix.Kind.HOT).sum());
        assertEquals(1, c.readerPipe.sumFrom(2));
        assertEquals(1, c.readerBatch.sumFrom(2));
        assertEquals(1, c.orderingErrors.sum());
        assertEquals(1, c.recycledInUse.sum());
        assertEquals(1, c.stallsInjected.sum());
        assertEquals(3, c.tooShortGracePeriods());
        assertEquals(4, c.errors());
        assertEquals(0, t.checks());
    }
}
