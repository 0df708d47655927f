package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show the agent's state: probes and their overhead budgets, grace periods, holdouts, "
                + "stalls, callbacks and workqueues.")
final class StatsCommand implements Callable<Integer> {
    @Mixin
    TargetArgs target;

    @Override
    public Integer call() {
        return target.run("stats");
    }
}
