package dev.quiesce.rcu;

/**
 * A thread that the scan could not prove quiescent. GP: owned by one grace-period thread.
 */
final class Holdout {
    final Thread thread;
    /** The record at the scan, or null; looked up again at rechecks (a first report creates it). */
    QsRecord record;
    /** The record's word at the scan, 0 if there was no record. */
    final long snapshot;
    /** The state seen at the scan. */
    final Thread.State stateAtScan;
    /** When sampling this thread is next allowed (nanoTime). */
    long nextSampleAt;
    /** Grows each time a sample finds the thread inside a read section. */
    long sampleBackoffNanos;
    int samples;
    /** The reader-progress snapshot taken after the last sample that found it inside read sections, or null. */
    Object progressSnapshot;
    /** The last reader frame a sample found, for stall reports. */
    StackTraceElement lastReaderFrame;

    Holdout(Thread thread, QsRecord record, long snapshot, Thread.State stateAtScan) {
        this.thread = thread;
        this.record = record;
        this.snapshot = snapshot;
        this.stateAtScan = stateAtScan;
    }

    long currentWord() {
        return record == null ? -1 : record.lvWordAcquire();
    }
}
