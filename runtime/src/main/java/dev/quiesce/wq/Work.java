package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable work item (the kernel's {@code work_struct}). Queue it with {@link Workqueue#queue(Work)}: while
 * it is pending, queueing it again returns false and changes nothing. It is never run concurrently with
 * itself: queued again while it runs, it runs once more after the current run, in the pool it was queued to.
 *
 * <p>Every accepted queueing ends in exactly one run or one successful {@link #cancel()}.
 *
 * <p>The item's life is one state word ({@link #state}): the count of accepted queueings, and the bits
 * {@link #PENDING} (a queueing waits to start), {@link #RUNNING} (a worker runs it) and {@link #HANDOFF} (the
 * pending queueing was found running by the worker that claimed it, which left it to the runner). The count
 * of finished queueings (run or cancelled) follows from it: accepted minus one for PENDING minus one for
 * RUNNING. Every change of the word is a CAS (docs/memory-ordering.md, "The state word").
 *
 * <p>Field legend: {@code S:} the state word; {@code W:} written for the queueing that won the pending bit
 * (by its queuer, or by the timer of a delayed one), before its push; {@code L:} guarded by the lock of the
 * pool the pending queueing was pushed to ({@link #submittedTo}).
 */
public class Work {
    /** A queueing waits to start: in a pool's intake or worklist, in a worker's batch, or in its timer. */
    static final long PENDING = 1;
    /** A worker runs the item. */
    static final long RUNNING = 2;
    /** PENDING found RUNNING by its claimer: the runner runs it after its current run (or re-lists it). */
    static final long HANDOFF = 4;
    private static final int COUNT_SHIFT = 3;
    /** {@link #place}: in no list and no batch (or never queued). Lists have tags below it ({@link WorkList}). */
    static final int NOWHERE = -1;
    private static final long ONE_QUEUEING = 1L << COUNT_SHIFT;

    private final String name;
    private final Runnable fn;

    /** S: the accepted count (above {@link #COUNT_SHIFT}) and the bits; changed only by CAS. */
    @SuppressWarnings("unused") // through STATE
    private volatile long state;
    /**
     * L: where the pending queueing is: the tag of the list it is in ({@link WorkList#tag}, unique to one list of
     * one pool, as an object reference would be: a pool that reads the field without the lock of the pool that
     * wrote it sees a list tag that is not one of its own), {@link #NOWHERE}, or, once a worker took the queueing
     * into its batch, the low 31 bits of its accepted count ({@link #reservedTag}; a false match would need 2^31
     * queueings of the item none of which was taken into a batch, each cancelled before a worker saw it). Written
     * under the lock of the pool the queueing was pushed to. One field for both keeps the item at 48 bytes.
     */
    int place = NOWHERE;
    /** L: links of the pool's worklist, or of its list of hand-offs, while the item is in one. */
    Work prev;
    Work next;
    /**
     * W: the pool whose intake the item was last pushed to (a racy reader may see an older value:
     * {@link #cancel()} then treats the item as not yet queued). The pool whose lock guards the pending
     * queueing once it left the intake (its worklist, a batch of one of its workers, or a hand-off to a
     * runner): the pusher wrote it before the push, and no one writes it again while that queueing is pending
     * (only the winner of the next pending bit may).
     * While the item runs, it is the pool that runs it (a queueing from the same queue goes there). Its queue is
     * the one the item was last queued on, whose signal a flusher waits on: written after the pending bit, so a
     * flusher can find it null (the first queueing, in flight) or one queueing old (it waits at most one timed
     * round on the wrong signal).
     */
    WorkerPool submittedTo;
    /** Link of a stripe of a pool's intake; written by the pusher before its CAS, then by the lock holder. */
    Work nextIntake;
    /** An item that runs {@code fn}. */
    public Work(String name, Runnable fn) {
        this.name = checkName(name);
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    /** For subclasses that override {@link #run()}. */
    protected Work(String name) {
        this.name = checkName(name);
        this.fn = null;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        // A name whose first character is not white space is not blank: most names, found without a scan.
        if (name.isEmpty() || (Character.isWhitespace(name.charAt(0)) && name.isBlank())) {
            throw new IllegalArgumentException("work item name must not be blank");
        }
        return name;
    }

    /** The item's body. Exceptions are logged and counted by the queue; the item stays usable. */
    protected void run() {
        if (fn == null) {
            throw new IllegalStateException("work item \"" + name + "\" has no function and does not override run()");
        }
        fn.run();
    }

    public final String name() {
        return name;
    }

    /** True while queued and not yet started. */
    public final boolean isPending() {
        return (stateVolatile() & PENDING) != 0;
    }

    /** True while a worker runs this item. */
    public final boolean isRunning() {
        return (stateVolatile() & RUNNING) != 0;
    }

    /**
     * Waits until the last queueing of this item, if any, has run (or been cancelled). Returns false at once if
     * there was nothing to wait for. A delayed item whose timer runs is queued at once, then waited for.
     *
     * @throws IllegalStateException when called from this item's own run (it would wait for itself)
     */
    public final boolean flush() {
        boolean fired = fireTimerNow();
        long s = stateVolatile();
        if (finishedCount(s) >= acceptedCount(s)) {
            return fired; // a fired timer's run may be over already
        }
        Worker self = Worker.current();
        if (self != null && self.currentItem() == this) {
            throw new IllegalStateException("work item \"" + name + "\" flushed from its own run: it would wait for"
                    + " itself");
        }
        awaitFinished(acceptedCount(s), FIRE_TIMER);
        return true;
    }

    /**
     * Removes the item if it is pending; returns whether it was. A running item keeps running; see
     * {@link #cancelSync()}.
     */
    public final boolean cancel() {
        if (cancelTimer()) {
            return true;
        }
        for (;;) {
            long s = stateVolatile();
            if ((s & PENDING) == 0) {
                return false;
            }
            WorkerPool p = submittedTo;
            if (p == null) {
                return false; // between a queue()'s CAS and its push: that queue() has not returned yet
            }
            switch (p.cancel(this)) {
                case WorkerPool.REMOVED:
                    return true;
                case WorkerPool.NOT_PENDING:
                    return false;
                default:
                    // Not in that pool: a queue() in flight (it has not returned; taken as after this cancel),
                    // or the item ran and was queued again meanwhile: look again.
                    if (stateVolatile() == s && submittedTo == p) {
                        return false;
                    }
            }
        }
    }

    /**
     * Cancels the item if pending and waits until it is not running. Returns whether a pending queueing was
     * cancelled.
     *
     * @throws IllegalStateException when called from this item's own run
     */
    public final boolean cancelSync() {
        boolean cancelled = cancel();
        Worker self = Worker.current();
        if (self != null && self.currentItem() == this) {
            throw new IllegalStateException("work item \"" + name + "\" cancelSync() from its own run: it would wait"
                    + " for itself");
        }
        long s = stateVolatile();
        if (finishedCount(s) < acceptedCount(s)) {
            cancelled |= awaitFinished(acceptedCount(s), CANCEL_TIMER);
        }
        return cancelled;
    }

    /** {@link #awaitFinished}'s treatment of a delayed queueing armed in the item's timer meanwhile. */
    static final int LEAVE_TIMER = 0;
    static final int FIRE_TIMER = 1;
    static final int CANCEL_TIMER = 2;

    /**
     * Waits until {@code target} queueings have finished, on the signal of the queue the item was last queued
     * on (read again after each timed round: a queueing to another queue may have moved it). A delayed queueing
     * armed meanwhile by another thread, which the caller's first look at the timer missed, is fired
     * ({@link #flush()}: waited for now, not after its delay) or cancelled ({@link #cancelSync()}) before each
     * round; a queue's flush leaves it ({@link #LEAVE_TIMER}: a later queueing, not one it waits for). Returns
     * whether it cancelled one.
     */
    final boolean awaitFinished(long target, int timer) {
        boolean interrupted = Thread.interrupted();
        boolean cancelled = false;
        for (long s; finishedCount(s = stateVolatile()) < target; ) {
            // Only a queueing counted within the target: one armed later (an item that queues itself again as it
            // runs, say) is not this wait's to fire or cancel.
            boolean ours = (s & PENDING) != 0 && acceptedCount(s) <= target;
            if (ours && timer == FIRE_TIMER) {
                fireTimerNow();
            } else if (ours && timer == CANCEL_TIMER && cancelTimer()) {
                cancelled = true;
                continue;
            }
            WorkerPool p = submittedTo;
            if (p == null) {
                // The first queueing, between its pending bit and its push (or its timer's arming).
                LockSupport.parkNanos(100_000L);
                continue;
            }
            interrupted |= p.wq.awaitFinishedRound(this, target);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return cancelled;
    }

    /** Stops a delayed item's timer; plain items have none. */
    boolean cancelTimer() {
        return false;
    }

    /** Queues a delayed item whose timer runs, now; returns whether it did. Plain items have no timer. */
    boolean fireTimerNow() {
        return false;
    }

    // ---- the state word ---------------------------------------------------------------------------------------

    final long stateVolatile() {
        return (long) STATE.getVolatile(this);
    }

    /** Accepted queueings in state {@code s}. */
    static long acceptedCount(long s) {
        return s >>> COUNT_SHIFT;
    }

    /** Finished queueings (run or cancelled) in state {@code s}: accepted minus the pending and the running one. */
    static long finishedCount(long s) {
        return acceptedCount(s) - (s & PENDING) - ((s & RUNNING) >>> 1);
    }

    /** Accepted queueings now (a volatile read). */
    final long acceptedVolatile() {
        return acceptedCount(stateVolatile());
    }

    /** Finished queueings now (a volatile read). */
    final long finishedVolatile() {
        return finishedCount(stateVolatile());
    }

    final boolean casState(long expect, long update) {
        return STATE.compareAndSet(this, expect, update);
    }

    /**
     * Wins the right to queue this item: sets PENDING and counts the queueing. Returns the new state (its count
     * names the queueing), or -1 if the item is pending already. The loser also writes the word (the same
     * value, a CAS): that volatile write is what the claim that starts the pending queueing reads, or a later
     * write does, so the loser's earlier writes happen before that run (docs/memory-ordering.md, "The state
     * word"). The kernel's {@code test_and_set_bit} is fully ordered for the same reason.
     */
    final long trySetPending() {
        for (;;) {
            long s = stateVolatile();
            if ((s & PENDING) == 0) {
                long n = (s + ONE_QUEUEING) | PENDING;
                if (casState(s, n)) {
                    return n;
                }
            } else if (casState(s, s)) {
                return -1;
            }
        }
    }

    /** {@link #claim}'s answers. */
    static final int CLAIMED = 0;
    static final int STALE = 1;
    static final int HANDED_OFF = 2;

    /**
     * A worker's claim of the queueing it holds in its batch, taken while the state was {@code expect} (PENDING,
     * with HANDOFF if the queueing was re-listed after a hand-off). {@link #CLAIMED}: the caller runs the item
     * now. {@link #STALE}: the queueing was cancelled, claimed by another worker that copied the entry, or the
     * item was queued again since. {@link #HANDED_OFF}: the item is running, so the claim marked it HANDOFF and
     * its runner takes the queueing over.
     */
    final int claim(long expect) {
        for (;;) {
            long s = stateVolatile();
            if (s == expect) {
                if (casState(s, (s & ~(PENDING | HANDOFF)) | RUNNING)) {
                    return CLAIMED;
                }
            } else if ((expect & HANDOFF) == 0 && s == (expect | RUNNING)) {
                if (casState(s, s | HANDOFF)) {
                    return HANDED_OFF;
                }
            } else {
                return STALE;
            }
        }
    }

    /**
     * The runner's end of a run: clears RUNNING and returns -1, unless a claimer handed a pending queueing over
     * (HANDOFF): then it changes nothing and returns the state, for the pool to take the queueing over
     * ({@code WorkerPool.takeHandOff}, which CASes from it). A CAS, never a store: a store could erase a
     * HANDOFF set after the read, and the handed-off queueing would never run.
     */
    final long endRun() {
        for (;;) {
            long s = stateVolatile();
            if ((s & HANDOFF) != 0) {
                return s;
            }
            if (casState(s, s & ~RUNNING)) {
                return -1;
            }
        }
    }

    /**
     * Whether {@link #claim} of a batch entry recorded as {@code expect} would still act on it now (start the
     * item, or hand the queueing to its runner): the states its two CASes expect. Copiers, flushes and dumps ask.
     */
    final boolean claimable(long expect) {
        long s = stateVolatile();
        return s == expect || ((expect & HANDOFF) == 0 && s == (expect | RUNNING));
    }

    /** Clears PENDING (and HANDOFF) if the pending queueing is still the one counted {@code accepted}. */
    final boolean clearPending(long accepted) {
        for (;;) {
            long s = stateVolatile();
            if ((s & PENDING) == 0 || acceptedCount(s) != accepted) {
                return false;
            }
            if (casState(s, s & ~(PENDING | HANDOFF))) {
                return true;
            }
        }
    }

    /** Whether {@code place} is a list's tag: the item is in that list. */
    static boolean isListTag(int place) {
        return place < NOWHERE;
    }

    /** The {@link #place} of a queueing counted {@code accepted} that a worker took into its batch. */
    static int reservedTag(long accepted) {
        return (int) accepted & Integer.MAX_VALUE;
    }

    /** State {@code s} for messages: the accepted count and the bits set. */
    static String describeState(long s) {
        return "accepted=" + acceptedCount(s) + ((s & PENDING) != 0 ? " PENDING" : "") + ((s & RUNNING) != 0 ? " RUNNING" : "")
                + ((s & HANDOFF) != 0 ? " HANDOFF" : "");
    }

    @Override
    public String toString() {
        return "Work[" + name + "]";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Work.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
