package dev.quiesce.rcu;

/**
 * A snapshot of a tasks domain's counters.
 *
 * @param domain the domain's name
 * @param gracePeriodsCompleted grace periods completed since the domain started
 * @param expeditedCompleted of those, the ones run expedited
 * @param latency grace-period durations, start to completion
 * @param holdoutsSeen threads the scans could not prove quiescent, summed over grace periods
 * @param samplesTaken stack samples taken (each a handshake, or a share of a safepoint on JDK 17)
 * @param samplesCleared samples that found the thread outside every read section
 * @param progressClears samples that found the thread inside read sections which, by the domain's
 *        {@link ReaderProgress}, all began after the grace period's start
 * @param idleClears threads cleared because they had run no instruction since a clean sample
 * @param stallInfos informational stall lines logged
 * @param stallWarnings stall warnings logged
 * @param callbacksQueued callbacks accepted by {@code call}, plus one per page of retirements
 * @param callbacksInvoked callbacks run (including those that threw)
 * @param callbacksFailed callbacks that threw
 * @param retired resources closed by {@code retire} after their grace period
 * @param retireFailures retired resources whose close threw (logged)
 * @param retireInline retirements that found no page and waited for a grace period in the caller
 * @param retirePages pages of retirements in existence (being filled, spare or waiting): memory is bounded
 *        by their limit
 * @param phase the grace-period thread's current phase
 */
public record TasksRcuStats(String domain, long gracePeriodsCompleted, long expeditedCompleted,
        LatencySnapshot latency, long holdoutsSeen, long samplesTaken, long samplesCleared, long progressClears,
        long idleClears, long stallInfos, long stallWarnings, long callbacksQueued, long callbacksInvoked,
        long callbacksFailed, long retired, long retireFailures, long retireInline, int retirePages,
        String phase) {

    /** Callbacks accepted and not yet invoked. */
    public long callbacksPending() {
        return callbacksQueued - callbacksInvoked;
    }

    @Override
    public String toString() {
        return "TasksRcuStats{" + domain + ": gp=" + gracePeriodsCompleted + " (expedited " + expeditedCompleted
                + "), " + latency + ", holdouts=" + holdoutsSeen + ", samples=" + samplesTaken + " (cleared "
                + samplesCleared + ", by progress " + progressClears + "), idleClears=" + idleClears + ", stalls="
                + stallInfos + "/" + stallWarnings
                + ", callbacks queued=" + callbacksQueued + " invoked=" + callbacksInvoked + " failed="
                + callbacksFailed + " pending=" + callbacksPending() + ", retired=" + retired + " (failed "
                + retireFailures + ", inline " + retireInline + ", pages " + retirePages + "), phase=" + phase + "}";
    }
}
