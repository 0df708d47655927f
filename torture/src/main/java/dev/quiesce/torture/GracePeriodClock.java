package dev.quiesce.torture;

/**
 * Counts the grace periods the writer has waited for, for the Reader Batch histogram.
 *
 * <p>The writer waits for one grace period at a time and ticks after each; each wait asks for a grace period
 * that starts after the previous tick. So if a reader reads the clock at the start and at the end of its
 * section and sees it move by two, the second grace period began while the reader was inside and ended
 * before it left: a too-short grace period (a move by one is the grace period that was already running).
 */
final class GracePeriodClock {
    private volatile long ticks;

    long now() {
        return ticks;
    }

    /** Writer only: a single writer needs no atomic increment. */
    void tick() {
        ticks = ticks + 1;
    }
}
