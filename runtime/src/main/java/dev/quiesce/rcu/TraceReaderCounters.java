package dev.quiesce.rcu;

/**
 * The counters of {@link TraceReader}, between padding. O: written by the owner thread only, through the
 * accessors in {@link TraceReader}.
 */
abstract class TraceReaderCounters extends TraceReaderPad {
    /** O: lock calls per index. */
    long lock0, lock1;
    /** O: unlock calls per index. */
    long unlock0, unlock1;
}
