package dev.quiesce.rcu;

/**
 * The counters of {@link TraceReader}, between padding. O: written by the owner thread only, through the
 * accessors in {@link TraceReader} (and, for an unlock, by {@code TasksTraceRcu.readUnlock} when the stack
 * overflowed: a volatile store, the one store that needs no call), and, for the unlock counts, by the grace
 * period's CAS when it closes sections the owner left open.
 */
abstract class TraceReaderCounters extends TraceReaderPad {
    /** O: lock calls per index. */
    long lock0, lock1;
    /** O: unlock calls per index; volatile so that a plain field store releases (see above). */
    volatile long unlock0, unlock1;
}
