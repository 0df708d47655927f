package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hist", mixinStandardHelpOptions = true,
        description = "Print a hist probe's latency histogram so far, bpftrace style (log2 buckets, in ns).")
final class HistCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID")
    String pid;

    @Parameters(index = "1", paramLabel = "PROBE")
    String probe;

    @Option(names = "--json", description = "Print the buckets as a JSON line.")
    boolean json;

    @Override
    public Integer call() {
        Target t = new Target(pid);
        return t.run(t.client(), json, "hist", probe);
    }
}
