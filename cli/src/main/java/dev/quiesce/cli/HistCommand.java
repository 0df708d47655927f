package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "hist", mixinStandardHelpOptions = true,
        description = "Print a hist probe's latency histogram so far, bpftrace style (log2 buckets, in ns).")
final class HistCommand implements Callable<Integer> {
    @Mixin
    TargetArgs target;

    @Parameters(index = "1", paramLabel = "PROBE")
    String probe;

    @Override
    public Integer call() {
        return target.run("hist", probe);
    }
}
