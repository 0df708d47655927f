package dev.quiesce.torture;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every count the summary prints, shared by all torture threads: rcutorture's histograms and error counters.
 * The error counters decide the verdict; the others say how much was tested.
 */
final class TortureCounters {
    static final int BUCKETS = TortureElement.PIPE_LEN + 1;

    /** Pipe counts readers saw at the end of their sections. */
    final CountHistogram readerPipe = new CountHistogram(BUCKETS);
    /** Writer grace periods that ended during a read section. */
    final CountHistogram readerBatch = new CountHistogram(BUCKETS);
    /** Pipe advances of unpublished elements, by the stage they left. */
    final CountHistogram circulation = new CountHistogram(BUCKETS);

    final LongAdder checks = new LongAdder();
    private final Map<ReaderMix.Kind, LongAdder> checksByKind = new EnumMap<>(ReaderMix.Kind.class);
    final LongAdder updates = new LongAdder();
    final LongAdder allocationFailures = new LongAdder();
    final LongAdder stallsInjected = new LongAdder();
    final LongAdder barrierTests = new LongAdder();
    final LongAdder floods = new LongAdder();
    final LongAdder floodCallbacks = new LongAdder();

    // errors
    final LongAdder orderingErrors = new LongAdder();
    final LongAdder recycledInUse = new LongAdder();
    final LongAdder barrierErrors = new LongAdder();
    final LongAdder forwardProgressErrors = new LongAdder();
    final LongAdder threadErrors = new LongAdder();

    TortureCounters() {
        for (ReaderMix.Kind k : ReaderMix.Kind.values()) {
            checksByKind.put(k, new LongAdder());
        }
    }

    /** Checks made by readers of one kind. */
    LongAdder checks(ReaderMix.Kind kind) {
        return checksByKind.get(kind);
    }

    /** Sections that outlived a grace period meant to wait for them, by any of the three signs. */
    long tooShortGracePeriods() {
        return readerPipe.sumFrom(2) + readerBatch.sumFrom(2) + recycledInUse.sum();
    }

    long errors() {
        return tooShortGracePeriods() + orderingErrors.sum() + barrierErrors.sum() + forwardProgressErrors.sum()
                + threadErrors.sum();
    }
}
