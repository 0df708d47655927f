package dev.quiesce.rcu;

/** Padding before the counters of {@link TraceReader}: a cache line and more. */
abstract class TraceReaderPad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}
