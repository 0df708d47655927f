package dev.quiesce.agent.boot;

/**
 * The agent's counters, as {@link ProbeControl#stats()} reports them.
 *
 * @param probes probes linked now
 * @param wovenClasses classes that carry sites now
 * @param sites method sites in those classes
 * @param idleSites of those, sites with no probe linked (no-op targets; stripped after a while)
 * @param classesStripped classes retransformed back to their own code because all their sites stayed idle
 * @param weaveFailures classes the weaver could not give sites to (they kept their code)
 * @param globalBudgetMicros the {@code budgetMicros=} agent argument: handler time all probes together may
 *        cost, in microseconds per second, before the costliest is disabled; 0 for none
 */
public record AgentStats(int probes, int wovenClasses, int sites, int idleSites, long classesStripped,
        long weaveFailures, long globalBudgetMicros) {
}
