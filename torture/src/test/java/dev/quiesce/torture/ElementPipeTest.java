package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An element's life: allocation, publication, ten grace periods, back to the pool. */
class ElementPipeTest {
    private final CountHistogram circulation = new CountHistogram(TortureCounters.BUCKETS);

    @Test
    void anElementIsFreedAfterExactlyPipeLenGracePeriods() {
        ElementPool pool = new ElementPool(2, circulation);
        TortureElement e = pool.allocate();
        e.prepareForPublication();
        assertTrue(e.initialized());
        assertEquals(0, e.pipeCount());
        for (int i = 1; i < TortureElement.PIPE_LEN; i++) {
            assertFalse(pool.advance(e), "freed after " + i + " grace periods");
            assertEquals(i, e.pipeCount());
            assertTrue(e.initialized());
        }
        assertEquals(1, pool.freeCount());
        assertTrue(pool.advance(e));
        assertFalse(e.initialized(), "mbtest cleared when freed");
        assertEquals(2, pool.freeCount());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, circulation.snapshot());
    }

    @Test
    void reuseStartsANewGeneration() {
        ElementPool pool = new ElementPool(2, circulation);
        TortureElement e = pool.allocate();
        e.prepareForPublication();
        int first = e.generation();
        while (!pool.advance(e)) {
            // through the pipe
        }
        TortureElement again;
        do {
            again = pool.allocate();
        } while (again != e && again != null);
        assertSame(e, again);
        again.prepareForPublication();
        assertNotEquals(first, again.generation());
        assertEquals(0, again.pipeCount());
        assertTrue(again.initialized());
    }

    @Test
    void anEmptyPoolAllocatesNothing() {
        ElementPool pool = new ElementPool(2, circulation);
        pool.allocate();
        pool.allocate();
        assertNull(pool.allocate());
    }

    @Test
    void publishReturnsTheReplacedElement() {
        ElementPool pool = new ElementPool(2, circulation);
        PublishedElement current = new PublishedElement();
        TortureElement a = pool.allocate();
        TortureElement b = pool.allocate();
        assertNull(current.publish(a));
        assertSame(a, current.publish(b));
        assertSame(b, current.load());
    }

    @Test
    void callChainsAdvanceOneStagePerGracePeriod() {
        callOrRetireChain(false);
    }

    @Test
    void retireChainsAdvanceOneStagePerGracePeriod() {
        callOrRetireChain(true);
    }

    private void callOrRetireChain(boolean viaRetire) {
        ManualFlavor flavor = new ManualFlavor(true);
        ElementPool pool = new ElementPool(2, circulation);
        DeferredFree chain = new DeferredFree(flavor, pool, viaRetire);
        TortureElement e = pool.allocate();
        e.prepareForPublication();
        chain.start(e);
        assertEquals(1, chain.inFlight());
        for (int i = 1; i <= TortureElement.PIPE_LEN; i++) {
            assertEquals(1, flavor.pendingCallbacks(), "re-queued for grace period " + i);
            flavor.runCallbacks();
            assertEquals(i, e.pipeCount());
        }
        assertEquals(0, flavor.pendingCallbacks());
        assertEquals(0, chain.inFlight());
        assertEquals(2, pool.freeCount());
    }

    @Test
    void theBustedFlavorRunsAWholeChainAtOnce() {
        ElementPool pool = new ElementPool(2, circulation);
        DeferredFree chain = new DeferredFree(new BustedFlavor(), pool, false);
        TortureElement e = pool.allocate();
        e.prepareForPublication();
        chain.start(e);
        assertEquals(0, chain.inFlight());
        assertFalse(e.initialized());
    }
}
