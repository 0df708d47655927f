package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Remove every probe safely, restore every class, and unload the agent from a JVM.",
                "The agent can be attached again later."})
final class DetachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID")
    String pid;

    @Option(names = "--json", description = "Print the removal reports as JSON lines.")
    boolean json;

    @Override
    public Integer call() {
        Target t = new Target(pid);
        int code = t.run(t.client(), json, "detach");
        if (code == 0 && !json) {
            System.out.println("detached from JVM " + t.pid());
        }
        return code;
    }
}
