package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load the quiesce agent into a running JVM of this user.",
                "Checks first that the process exists, is this user's, is a HotSpot JVM and accepts agents; "
                        + "an agent already running there is reported (exit code 6)."})
final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The JVM's process id (see `quiesce jvms`).")
    String pid;

    @Option(names = "--agent", paramLabel = "JAR", description = "The agent jar (default: the one built here).")
    Path agent;

    @Option(names = "--agent-args", paramLabel = "ARGS",
            description = "Agent arguments, e.g. stripAfterMillis=30000,budgetMicros=5000 (see docs/agent.md).")
    String agentArgs;

    @Override
    public Integer call() {
        Target t = new Target(pid);
        Path jar = agent != null ? agent : Layout.agentJar();
        String args = agentArgs == null || agentArgs.isBlank() ? "control=true" : agentArgs + ",control=true";
        System.err.println("quiesce: attaching to JVM " + t.pid() + " (" + t.process.command() + ") ...");
        Path socket = Attacher.attach(t.process, jar, args);
        return t.run(new ControlClient(socket, t.pid()), false, "ping") == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
