package dev.quiesce.rcu;

import dev.quiesce.wq.DelayedWork;
import dev.quiesce.wq.Workqueue;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link TasksRcu#retire(AutoCloseable)}, the kfree_rcu analog (DESIGN §2, seed 002). Retired resources go
 * into pages, arrays of {@link #PAGE} references, one being filled per stripe; a full page becomes one
 * callback that closes all of them after a grace period, and a partly filled page is handed over by a drain
 * item {@link #DRAIN_AFTER} after its first entry. Pages are recycled.
 *
 * <p>Floods are throttled and memory stays bounded: at most {@code maxPages} pages exist. A stripe without
 * a page takes a spare; with none, its first caller allocates one outside the stripe's lock while the others
 * arriving at that stripe wait for it. When allocation fails ({@code OutOfMemoryError}, or the page limit),
 * that caller waits for a grace period itself and closes its resource directly. Pending retirements are
 * therefore at most {@code maxPages * PAGE}.
 *
 * <p>Field legend: {@code S:} guarded by the stripe's monitor; {@code A:} atomic or concurrent, any thread.
 */
final class RetirePages {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.rcu");
    static final int PAGE = 256;
    static final Duration DRAIN_AFTER = Duration.ofMillis(10);

    /** Where pages come from; tests make it fail. */
    interface Allocator {
        AutoCloseable[] allocate();
    }

    static final Allocator HEAP = () -> new AutoCloseable[PAGE];

    private final TasksRcu domain;
    private final Allocator allocator;
    private final int maxPages;
    /** Runs between a drain's taking a page and handing it over; a no-op except in tests. */
    private final Runnable afterDrainTake;
    private final Stripe[] stripes;
    /** A: pages in existence: being filled, spare, or waiting for their grace period. */
    private final AtomicInteger pages = new AtomicInteger();
    /** A: spare pages. */
    private final ConcurrentLinkedQueue<AutoCloseable[]> spares = new ConcurrentLinkedQueue<>();
    private final LongAdder closed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder inline = new LongAdder();
    /** A: set once by {@link #close()}; read inside a stripe's lock before storing. */
    private volatile boolean closing;

    private final class Stripe {
        /** S: the page being filled, or null. */
        AutoCloseable[] page;
        /** S: entries in it. */
        int n;
        /** S: a caller is allocating a page for this stripe; the others wait. */
        boolean allocating;
        final DelayedWork drain = new DelayedWork("retire-drain", this::drain);

        void drain() {
            AutoCloseable[] p;
            int count;
            synchronized (this) {
                p = page;
                count = n;
                if (p == null || count == 0) {
                    return;
                }
                page = null;
                n = 0;
            }
            afterDrainTake.run();
            submit(p, count); // flush() waits for this (cancelSync): the page is in no stripe meanwhile
        }
    }

    RetirePages(TasksRcu domain, Allocator allocator, int maxPages, Runnable afterDrainTake) {
        this.domain = domain;
        this.allocator = allocator;
        this.afterDrainTake = afterDrainTake;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() * 2);
        this.stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        this.maxPages = Math.max(maxPages, n);
    }

    void retire(AutoCloseable r) {
        Stripe s = stripes[(int) (Thread.currentThread().getId() % stripes.length)];
        for (;;) {
            AutoCloseable[] full = null;
            boolean first = false;
            boolean allocate = false;
            synchronized (s) {
                for (;;) {
                    if (closing) {
                        throw new IllegalStateException("grace-period domain \"" + domain.name()
                                + "\" is closed; retire refused");
                    }
                    if (s.page != null) {
                        s.page[s.n++] = r;
                        first = s.n == 1;
                        if (s.n == PAGE) {
                            full = s.page;
                            s.page = null;
                            s.n = 0;
                        }
                        break;
                    }
                    AutoCloseable[] spare = spares.poll();
                    if (spare != null) {
                        s.page = spare;
                        continue;
                    }
                    if (!s.allocating) {
                        s.allocating = true;
                        allocate = true;
                        break;
                    }
                    waitUninterruptibly(s); // the first caller's allocation throttles the flood
                }
            }
            if (full != null) {
                submit(full, PAGE);
                return;
            }
            if (first) {
                queueDrain(s);
                return;
            }
            if (!allocate) {
                return;
            }
            AutoCloseable[] fresh = allocate();
            synchronized (s) {
                s.allocating = false;
                s.notifyAll();
                if (fresh != null) {
                    if (s.page == null) {
                        s.page = fresh;
                    } else {
                        spares.offer(fresh);
                    }
                }
            }
            if (fresh == null) {
                closeInline(r);
                return;
            }
            // loop: store r in the page just installed
        }
    }

    /** A new page, or null when the limit is reached or the heap has no room. Called outside every lock. */
    private AutoCloseable[] allocate() {
        for (int n = pages.get(); ; n = pages.get()) { // never over the limit, not even for an instant
            if (n >= maxPages) {
                return null;
            }
            if (pages.compareAndSet(n, n + 1)) {
                break;
            }
        }
        try {
            AutoCloseable[] p = allocator.allocate();
            if (p == null || p.length < PAGE) {
                throw new IllegalStateException("page allocator returned " + (p == null ? "null" : p.length + " slots"));
            }
            return p;
        } catch (OutOfMemoryError | RuntimeException e) {
            pages.decrementAndGet();
            return null;
        }
    }

    /** No page: wait for a grace period here and close directly (kvfree_rcu's fallback). */
    private void closeInline(AutoCloseable r) {
        inline.increment();
        if (GracePeriodDriver.inCallback()) {
            // A callback must not wait for a grace period: hand this one resource over on its own.
            domain.call(() -> close(r));
            return;
        }
        domain.synchronize();
        close(r);
    }

    private void queueDrain(Stripe s) {
        try {
            DrainQueue.QUEUE.queueDelayed(s.drain, DRAIN_AFTER);
        } catch (IllegalStateException closedQueue) { // never: the drain queue is never closed
            s.drain();
        }
    }

    private void submit(AutoCloseable[] page, int count) {
        domain.call(() -> {
            for (int i = 0; i < count; i++) {
                close(page[i]);
                page[i] = null;
            }
            spares.offer(page);
        });
    }

    private void close(AutoCloseable r) {
        try {
            r.close();
            closed.increment();
        } catch (Exception e) {
            failed.increment();
            LOG.log(Level.WARNING, "closing a retired " + r.getClass().getName() + " of \"" + domain.name()
                    + "\" failed", e);
        }
    }

    /**
     * Refuses further retirements and hands over every page. A retire() that stored its resource before this
     * took the stripe's lock is in the page handed over; one after it sees {@code closing} and is refused.
     */
    void close() {
        closing = true;
        flush();
    }

    /**
     * Hands every partly filled page to the domain now (for barrier() and close()). A drain item that is running
     * may hold a page it took from its stripe and has not handed over yet; cancelSync() waits for it, so that
     * every retirement made before this call is in a callback when it returns.
     */
    void flush() {
        for (Stripe s : stripes) {
            s.drain.cancelSync();
            s.drain();
        }
    }

    long closedCount() {
        return closed.sum();
    }

    long failedCount() {
        return failed.sum();
    }

    long inlineCount() {
        return inline.sum();
    }

    int pagesInUse() {
        return pages.get();
    }

    int maxPages() {
        return maxPages;
    }

    private static void waitUninterruptibly(Object monitor) {
        boolean interrupted = false;
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process-wide queue of the drain items: memReclaim, since draining is how memory comes back. */
    private static final class DrainQueue {
        static final Workqueue QUEUE = Workqueue.builder("quiesce-retire-drain").unbound().memReclaim().build();
    }
}
