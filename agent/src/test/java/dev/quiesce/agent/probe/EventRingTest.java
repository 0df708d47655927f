package dev.quiesce.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventRingTest {
    @Test
    void capacityRoundsUpToAPowerOfTwo() {
        assertEquals(2, new EventRing<>(1).capacity());
        assertEquals(2, new EventRing<>(2).capacity());
        assertEquals(4, new EventRing<>(3).capacity());
        assertEquals(1024, new EventRing<>(1000).capacity());
    }

    @Test
    void firstInFirstOutThenFullEventsAreDroppedAndCounted() {
        EventRing<Integer> r = new EventRing<>(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.offer(i));
        }
        assertFalse(r.offer(4));
        assertFalse(r.offer(5));
        assertEquals(2, r.dropped());
        for (int lap = 0; lap < 10; lap++) { // wrap around many times
            assertEquals(lap, r.poll());
            assertTrue(r.offer(lap + 4));
        }
        for (int i = 10; i < 14; i++) {
            assertEquals(i, r.poll());
        }
        assertNull(r.poll());
    }

    @Test
    void concurrentProducersLoseNothingTheyWereToldWasAccepted() throws Exception {
        EventRing<Long> r = new EventRing<>(256);
        AtomicLong accepted = new AtomicLong();
        int producers = 4;
        int each = 50_000;
        CountDownLatch done = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (r.offer(base + i)) {
                        accepted.incrementAndGet();
                    }
                }
                done.countDown();
            });
            t.start();
        }
        Set<Long> seen = new HashSet<>();
        long[] lastOf = {-1, -1, -1, -1};
        while (done.getCount() > 0 || seen.size() < accepted.get()) {
            Long e = r.poll();
            if (e == null) {
                Thread.onSpinWait();
                continue;
            }
            assertTrue(seen.add(e), "event " + e + " read twice");
            int producer = (int) (e >>> 32);
            assertTrue((e & 0xFFFFFFFFL) > lastOf[producer], "one producer's events out of order");
            lastOf[producer] = e & 0xFFFFFFFFL;
        }
        assertEquals(accepted.get(), seen.size());
        assertEquals((long) producers * each, accepted.get() + r.dropped());
    }
}
