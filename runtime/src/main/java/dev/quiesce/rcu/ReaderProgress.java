package dev.quiesce.rcu;

/**
 * Evidence, besides a stack sample outside every read section, that a thread has left the read sections a
 * tasks grace period waits for. Register one with {@link ReaderFrames#progressWith(ReaderProgress)}.
 *
 * <p>A sample can only be taken where a thread polls for a safepoint. A thread whose only polls lie inside
 * read sections (a loop that does little but enter short ones) is then always sampled inside one, and a
 * sample cannot tell a section the grace period waits for from one it need not wait for. A provider that can
 * tell (an agent whose handlers count per thread, per version of a handler) lets two samples clear the
 * thread: if, between them, the thread ran inside a section the grace period need not wait for, it was in no
 * other section at that moment.
 *
 * <p>How a grace period uses it, for a holdout whose sample found it inside read sections: after that sample,
 * {@link #snapshot(Thread)}; before the holdout's next sample, {@link #progressedSince(Thread, Object)}; after
 * that next sample, if it too finds the thread inside read sections, {@link #covers(StackTraceElement)} for
 * each frame that {@link ReaderFrames} calls read-side code. The holdout clears if {@code progressedSince}
 * said true and every such frame is covered. Calls run on the grace-period thread and must not block; a call
 * that throws counts as no evidence. Carriers, and threads sampled through their mounted virtual thread, are
 * never cleared this way.
 *
 * <p>The provider's contract (the argument is in docs/memory-ordering.md, "Progress evidence"):
 * <ul>
 *   <li>{@code progressedSince(t, s)} is true only if, after the {@code snapshot(t)} that returned {@code s}
 *       was taken, {@code t} ran inside a section of the provider's kind that reaches nothing unlinked before
 *       the grace period began; and sections of that kind never run inside another read section, nor does
 *       another one run inside them.</li>
 *   <li>{@code covers(f)} is true only for frames of the provider's kind of read section.</li>
 * </ul>
 */
public interface ReaderProgress {
    /**
     * After a sample found {@code thread} inside read sections (so after a handshake or safepoint with it): what
     * {@link #progressedSince} compares with, or null if there is nothing to watch for this thread.
     */
    Object snapshot(Thread thread);

    /**
     * True if {@code thread} has, since {@code snapshot}, run inside a section of this provider's kind that
     * reaches nothing the grace period waits for.
     */
    boolean progressedSince(Thread thread, Object snapshot);

    /** True if {@code frame} belongs to a read section of this provider's kind. */
    boolean covers(StackTraceElement frame);
}
