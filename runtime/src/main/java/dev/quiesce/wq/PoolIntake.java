package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The submitter-facing half of a {@link WorkerPool}: the intake stacks that {@code queue()} pushes to without the
 * pool's lock, and the words a submitter reads to decide whether it must take that lock to wake or create a
 * worker.
 *
 * <p>The intake is striped: a submitter pushes to the {@link IntakeStripe} its stripe key selects (the key
 * comes from its thread id, so one thread always uses one stripe and its queueings stay in order), and the lock
 * holder takes every stripe. Submitters of one pool running at once on different CPUs then push to different
 * lines instead of taking one line from each other for every item; across stripes there is no order, as there
 * is none across CPUs for the kernel. A queue that runs one item at a time (ordered, dedicated, or maxActive 1)
 * has one stripe, so its items start in the order they were queued.
 *
 * <p>It is its own object, padded on both sides ({@link LeadingPad}, the trailing fields below), so
 * that these fields share no cache line with the pool's monitor or with the fields a worker writes under it for
 * every item: otherwise each queueing would miss on a line the worker just wrote. They are written only when a
 * worker sleeps, wakes, or changes the idle count, so submitters read them from a line they share.
 *
 * <p>Field legend: {@code stripes}, {@code stripeMask}: final; {@code waiters}, {@code woken}, {@code idle},
 * {@code online}: written under the pool's lock (the atomic adds and volatile stores named at each), read by
 * submitters without it. Ordering: docs/memory-ordering.md, "The intake" and "The wake-up".
 */
final class PoolIntake extends PoolIntakeFields {
    @SuppressWarnings("unused") // padding: see the class comment
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /** {@code stripes}: a power of two. */
    PoolIntake(Workqueue wq, WorkerPool pool, int stripes) {
        super(wq, pool, stripes);
    }

    /**
     * Adds {@code w}, whose pending bit the caller won, and makes sure somebody will run it. The common case
     * takes no lock: a push, then a look at whether an idle worker must be woken or a worker created.
     */
    void enqueue(Work w, int stripeKey) {
        if (enqueueWithoutKick(w, stripeKey)) {
            pool.kick();
        }
    }

    /** {@link #enqueue}'s push; returns whether the caller must then {@link WorkerPool#kick()} the pool. */
    boolean enqueueWithoutKick(Work w, int stripeKey) {
        // A plain write, published to the lock holder that takes the item by the push (a CAS).
        w.submittedTo = pool;
        return push(w, stripeKey);
    }

    /**
     * Pushes {@code w} to the stripe {@code stripeKey} selects (a CAS), then returns whether the caller must take the pool's lock to wake or create a
     * worker. It need not when nobody sleeps and an idle worker exists (a busy worker or the poller drains the
     * intake before it looks for work), or when the pool is marked woken: a worker will clear the mark, then
     * read the intake. With sleepers and no mark, the submitter that sets the mark (a CAS) takes the lock and
     * wakes one; the others skip it. Store buffering against {@link #registerWaiter()} and
     * {@link #clearWoken()}: docs/memory-ordering.md, "The wake-up".
     */
    boolean push(Work w, int stripeKey) {
        stripes[stripeKey & stripeMask].push(w);
        if ((int) WAITERS.getVolatile(this) == 0) {
            return (int) IDLE.getVolatile(this) == 0;
        }
        return (int) WOKEN.getVolatile(this) == 0 && WOKEN.compareAndSet(this, 0, 1);
    }

    /** True if nothing waits in any stripe (a volatile read of each). */
    boolean isEmptyVolatile() {
        for (IntakeStripe s : stripes) {
            if (!s.isEmptyVolatile()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lock holder's: takes every stripe (a {@code getAndSet} each, acquiring the pushes), and returns the
     * items linked through {@link Work#nextIntake}, each stripe's oldest first, stripe after stripe; null if
     * there were none.
     */
    Work takeAll(boolean renew) {
        Work first = null;
        Work last = null;
        for (IntakeStripe s : stripes) {
            Work top = s.isEmptyVolatile() ? null : s.takeAll(renew);
            if (top == null) {
                continue;
            }
            Work newest = top; // the stripe's last once reversed
            Work prev = null; // reverse the stack: queue order
            while (top != null) {
                Work next = top.nextIntake;
                top.nextIntake = prev;
                prev = top;
                top = next;
            }
            if (last == null) {
                first = prev;
            } else {
                last.nextIntake = prev;
            }
            last = newest;
        }
        return first;
    }

    /**
     * Under the pool's lock, an idle worker with nobody busy registers as a waiter (an atomic add), then reads
     * the intake once more: returns true if it may wait (the intake is empty; any later push sees the
     * registration), false, with the registration undone, if it must look for work again.
     */
    boolean registerWaiter() {
        WAITERS.getAndAdd(this, 1);
        if (!isEmptyVolatile()) {
            WAITERS.getAndAdd(this, -1);
            return false;
        }
        return true;
    }

    /** Under the pool's lock: whether an idle worker sleeps registered, so that a push would take the lock. */
    boolean hasWaiters() {
        return (int) WAITERS.getVolatile(this) > 0;
    }

    /** Under the pool's lock, after the sleep. */
    void unregisterWaiter() {
        WAITERS.getAndAdd(this, -1);
    }

    /**
     * Under the pool's lock, before a wake-up: marks the pool woken if a registered waiter exists. It holds the
     * lock from its registration until it is on the pool's sleepers' stack, so it sleeps there now or was woken
     * and has yet to return; whichever worker the wake-up takes clears the mark on its return, as every sleeper
     * does.
     */
    void markWoken() {
        if ((int) WAITERS.getVolatile(this) > 0) {
            WOKEN.setVolatile(this, 1);
        }
    }

    /** After every return from a sleep, before the intake is read again (a sequentially consistent store). */
    void clearWoken() {
        WOKEN.setVolatile(this, 0);
    }

    /**
     * Under the pool's lock: the idle-worker count, a hint for submitters (the wake-up itself rests on
     * {@code waiters} and the intake). Stored only on a change, so that a worker going from one item to the
     * next does not write this line.
     */
    void publishIdle(int n) {
        if ((int) IDLE.getOpaque(this) != n) {
            IDLE.setRelease(this, n);
        }
    }

    /** For dumps: whether items wait here, and the wake-up words. */
    String describe() {
        return (isEmptyVolatile() ? "empty" : "non-empty") + " stripes=" + stripes.length + " waiters=" + (int) WAITERS.getVolatile(this) + " woken="
                + (int) WOKEN.getVolatile(this) + " idlePublished=" + (int) IDLE.getVolatile(this);
    }

    boolean isOnline() {
        return online;
    }

    /** Under the pool's lock; submitters choosing a pool read it without (a racy choice is harmless). */
    void setOnline(boolean on) {
        online = on;
    }

    private static final VarHandle WAITERS;
    private static final VarHandle WOKEN;
    private static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITERS = l.findVarHandle(PoolIntakeFields.class, "waiters", int.class);
            WOKEN = l.findVarHandle(PoolIntakeFields.class, "woken", int.class);
            IDLE = l.findVarHandle(PoolIntakeFields.class, "idle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** {@link PoolIntake}'s fields, between its paddings (a superclass's fields come before a subclass's). */
abstract class PoolIntakeFields extends LeadingPad {
    final Workqueue wq;
    final WorkerPool pool;
    /** The stacks submitters push to; read-only after construction. */
    final IntakeStripe[] stripes;
    /** {@code stripes.length - 1}. */
    final int stripeMask;
    /** Idle workers registered to be woken by the next push (atomic adds under the pool's lock). */
    @SuppressWarnings("unused") // through PoolIntake.WAITERS
    volatile int waiters;
    /**
     * 1 from a wake-up while a waiter is registered until a worker returns from its sleep: the woken worker will drain
     * the intake, so submitters need not take the lock to wake another one. docs/memory-ordering.md, "A worker
     * already woken".
     */
    @SuppressWarnings("unused") // through PoolIntake.WOKEN
    volatile int woken;
    /** The pool's idle workers, published on a change (release stores under the pool's lock). */
    @SuppressWarnings("unused") // through PoolIntake.IDLE
    volatile int idle;
    volatile boolean online = true;

    PoolIntakeFields(Workqueue wq, WorkerPool pool, int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, got " + stripes);
        }
        this.wq = wq;
        this.pool = pool;
        this.stripes = new IntakeStripe[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new IntakeStripe();
        }
        this.stripeMask = stripes - 1;
    }
}
