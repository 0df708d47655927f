package dev.quiesce.agent.control;

/**
 * The agent as JConsole, VisualVM and other JMX clients see it, under {@value JmxAgent#NAME}: the probes and
 * stats to look at, and the probe lifecycle to act on. Specs and answers are the command line's text forms;
 * a removal answers with its report, after the grace period.
 */
public interface QuiesceAgentMBean {
    /** One line per linked probe. */
    String[] getProbes();

    /** The {@code stats} view: agent, overhead budgets, grace periods, workqueues. */
    String getStats();

    String addProbe(String spec);

    String swapProbe(String name, String spec);

    String removeProbe(String name);

    /** A hist probe's histogram, drawn. */
    String histogram(String name);

    /** Removes every probe and detaches the agent. */
    String detach();
}
