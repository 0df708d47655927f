package dev.quiesce.torture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's call and retire paths (rcutorture's {@code rcu_torture_cb}): an unpublished element is handed
 * to the domain with call(), or with retire() as an AutoCloseable; each time the callback runs, one grace
 * period has ended, so the element's pipe advances and, unless that freed it, it is handed back for the next
 * grace period. One chain per element, so each element is advanced by one thread at a time.
 */
final class DeferredFree {
    private final TortureFlavor flavor;
    private final ElementPool pool;
    private final boolean viaRetire;
    private final AtomicLong inFlight = new AtomicLong();

    DeferredFree(TortureFlavor flavor, ElementPool pool, boolean viaRetire) {
        this.flavor = flavor;
        this.pool = pool;
        this.viaRetire = viaRetire;
    }

    /** Writer: hands over {@code e}, just unpublished. */
    void start(TortureElement e) {
        inFlight.incrementAndGet();
        e.deferTo(this);
        queue(e);
    }

    /** From the domain's callback: one grace period has ended for {@code e}. */
    void gracePeriodEnded(TortureElement e) {
        if (pool.advance(e)) {
            inFlight.decrementAndGet();
        } else {
            queue(e);
        }
    }

    /** Elements still waiting for grace periods in this chain. */
    long inFlight() {
        return inFlight.get();
    }

    private void queue(TortureElement e) {
        if (viaRetire) {
            flavor.retire(e);
        } else {
            flavor.call(() -> gracePeriodEnded(e));
        }
    }
}
