package dev.quiesce.agent.boot;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What happened when a probe version was removed, swapped out or disabled: completed only after a grace
 * period, when no handler of that version can run again, so the counts are final.
 *
 * @param probe the probe's name
 * @param version the version removed (1 for the version {@code add} linked, +1 per swap)
 * @param reason why: "removed", "swapped", "detached", or why it was disabled
 * @param sites the method sites the version was linked to
 * @param unlinkNanos time to relink every site without the version
 * @param gracePeriodNanos from the end of the unlink until the grace period ended: in-flight handlers drained
 * @param gracePeriods grace periods completed meanwhile (shared with other callers)
 * @param holdoutsSeen threads those grace periods had to wait for or check again
 * @param samplesTaken stack samples they took
 * @param hits handler invocations of the version, every one that started before the unlink included
 * @param errors handler exceptions contained
 * @param unpaired timed exits whose entry this version did not stamp (entered before it was linked)
 * @param histogram log2 latency buckets for timing probes ({@code [2^b, 2^(b+1))} ns), else empty
 * @param suppressed capture probes: hits not captured because of sampling, the rate limit or the total limit
 * @param dropped capture probes: events dropped because nobody drained them and the ring was full
 */
public record RemovalReport(String probe, int version, String reason, int sites, long unlinkNanos,
        long gracePeriodNanos, long gracePeriods, long holdoutsSeen, long samplesTaken, long hits, long errors,
        long unpaired, long[] histogram, long suppressed, long dropped) {

    public RemovalReport {
        histogram = histogram.clone();
    }

    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    @Override
    public String toString() {
        return "removed probe " + probe + " v" + version + " (" + reason + "): " + sites + " site(s) unlinked in "
                + micros(unlinkNanos) + ", grace period " + micros(gracePeriodNanos) + " (" + gracePeriods
                + " grace period(s), " + holdoutsSeen + " holdout(s) met, " + samplesTaken + " sample(s)); final: "
                + hits + " hit(s), " + errors + " error(s), " + unpaired + " unpaired"
                + (suppressed + dropped == 0 ? "" : ", " + suppressed + " not captured, " + dropped + " dropped");
    }

    private static String micros(long nanos) {
        return nanos >= 10_000_000 ? TimeUnit.NANOSECONDS.toMillis(nanos) + " ms" : (nanos / 1000) + " us";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemovalReport r && r.probe.equals(probe) && r.version == version
                && r.reason.equals(reason) && r.sites == sites && r.unlinkNanos == unlinkNanos
                && r.gracePeriodNanos == gracePeriodNanos && r.gracePeriods == gracePeriods
                && r.holdoutsSeen == holdoutsSeen && r.samplesTaken == samplesTaken && r.hits == hits
                && r.errors == errors && r.unpaired == unpaired && Arrays.equals(r.histogram, histogram)
                && r.suppressed == suppressed && r.dropped == dropped;
    }

    @Override
    public int hashCode() {
        return 31 * probe.hashCode() + version;
    }
}
