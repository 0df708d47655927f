package dev.quiesce.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What most commands take first: the target JVM's pid, and {@code --json}. A picocli mixin. */
final class TargetArgs {
    @Parameters(index = "0", paramLabel = "PID", description = "The JVM's process id (see `quiesce jvms`).")
    String pid;

    @Option(names = "--json", description = "Print JSON lines.")
    boolean json;

    Target target() {
        return new Target(pid);
    }

    /** Sends one request to the agent running in the target and prints its answer; the exit code. */
    int run(String... request) {
        Target t = target();
        return t.run(t.client(), json, request);
    }
}
