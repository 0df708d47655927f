package dev.quiesce.rcu;

import java.time.Duration;

/**
 * Timing of a tasks domain: backoff, sampling, stall reports. Immutable; built by {@link TasksRcu.Builder}.
 *
 * @param firstSampleDelay age a holdout must reach before a normal grace period samples it
 * @param maxBackoff longest sleep between rechecks of a normal grace period
 * @param expeditedMaxBackoff longest sleep between rechecks of an expedited grace period
 * @param samplesPerSecond rate limit of stack samples (token bucket, burst of {@code samplesPerSecond / 10})
 * @param maxSampleBackoff longest delay between two samples of a thread found in a read section
 * @param stallInfoAfter age of the first informational stall line; later ones at 4x, 16x, ...
 * @param stallWarnAfter age of the first stall warning with every holdout's stack; repeated at 2x, 4x, ...
 */
record TasksTuning(Duration firstSampleDelay, Duration maxBackoff, Duration expeditedMaxBackoff,
        int samplesPerSecond, Duration maxSampleBackoff, Duration stallInfoAfter, Duration stallWarnAfter) {

    static TasksTuning defaults() {
        return new TasksTuning(Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(1), 2000,
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    TasksTuning {
        positive("firstSampleDelay", firstSampleDelay, true);
        positive("maxBackoff", maxBackoff, false);
        positive("expeditedMaxBackoff", expeditedMaxBackoff, false);
        positive("maxSampleBackoff", maxSampleBackoff, false);
        positive("stallInfoAfter", stallInfoAfter, false);
        positive("stallWarnAfter", stallWarnAfter, false);
        if (samplesPerSecond < 1) {
            throw new IllegalArgumentException("samplesPerSecond must be at least 1, got " + samplesPerSecond);
        }
    }

    static void positive(String what, Duration d, boolean zeroAllowed) {
        if (d == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", got " + d);
        }
    }
}
