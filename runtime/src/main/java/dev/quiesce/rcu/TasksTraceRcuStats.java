package dev.quiesce.rcu;

/**
 * A snapshot of a {@link TasksTraceRcu} domain's counters.
 *
 * @param domain the domain's name
 * @param gracePeriodsCompleted grace periods completed
 * @param latency grace-period durations
 * @param readerThreads threads with read-side counters in this domain
 * @param waits times a grace period found readers and had to wait
 * @param barriers process-wide barriers issued to confirm drained slots (0 where readers fence, JDK 17 to 21)
 * @param stallInfos informational stall lines logged
 * @param stallWarnings stall warnings logged
 * @param callbacksQueued callbacks accepted
 * @param callbacksInvoked callbacks run (including those that threw)
 * @param callbacksFailed callbacks that threw
 * @param sectionsClosedForTheirThreads read sections left open without an unlock (by a thread that ended, or
 *        outside every frame that may hold one) that grace periods closed
 */
public record TasksTraceRcuStats(String domain, long gracePeriodsCompleted, LatencySnapshot latency,
        int readerThreads, long waits, long barriers, long stallInfos, long stallWarnings, long callbacksQueued,
        long callbacksInvoked, long callbacksFailed, long sectionsClosedForTheirThreads) {

    public long callbacksPending() {
        return callbacksQueued - callbacksInvoked;
    }

    @Override
    public String toString() {
        return "TasksTraceRcuStats{" + domain + ": gp=" + gracePeriodsCompleted + ", " + latency + ", readers="
                + readerThreads + ", waits=" + waits + ", barriers=" + barriers + ", stalls=" + stallInfos + "/" + stallWarnings
                + ", callbacks queued=" + callbacksQueued + " invoked=" + callbacksInvoked + " failed="
                + callbacksFailed + " pending=" + callbacksPending() + ", closedLeftOpen=" + sectionsClosedForTheirThreads
                + "}";
    }
}
