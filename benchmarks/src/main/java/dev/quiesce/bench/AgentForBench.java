package dev.quiesce.bench;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;

/** The agent's control in a benchmark fork, or a message saying how to load it. */
final class AgentForBench {
    private AgentForBench() {}

    static ProbeControl control() {
        if (!AgentControl.isInstalled()) {
            throw new IllegalStateException("the quiesce agent is not loaded in this fork: run the benchmark with "
                    + "-jvmArgsAppend -javaagent:agent/target/quiesce-agent.jar (see docs/benchmarks.md)");
        }
        return AgentControl.control();
    }
}
