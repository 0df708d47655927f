package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show the agent's state: probes and their overhead budgets, grace periods, holdouts, "
                + "stalls, callbacks and workqueues.")
final class StatsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID")
    String pid;

    @Option(names = "--json", description = "Print JSON lines.")
    boolean json;

    @Override
    public Integer call() {
        Target t = new Target(pid);
        return t.run(t.client(), json, "stats");
    }
}
