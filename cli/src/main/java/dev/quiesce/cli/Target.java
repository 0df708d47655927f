package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A target JVM as the commands use it: checked, and reached through its agent (attaching if asked to). */
final class Target {
    /** How long a target may stay silent during a request before the command gives up. */
    static final long SILENCE_MILLIS = 30_000;
    final TargetProcess process;

    Target(String pidArg) {
        this.process = TargetProcess.of(pidArg);
    }

    long pid() {
        return process.pid();
    }

    /** The client of the running agent; {@link ExitCodes#NOT_ATTACHED} if there is none. */
    ControlClient client() {
        Optional<Path> socket = Attacher.controlSocket(process);
        if (socket.isEmpty()) {
            throw new CliException(ExitCodes.NOT_ATTACHED, "quiesce is not attached to JVM " + pid()
                    + " (attach it with: quiesce attach " + pid() + ")");
        }
        return new ControlClient(socket.get(), pid());
    }

    /** The client of the running agent, loading the agent first if it is not running. */
    ControlClient clientAttaching(Path agentJar) {
        Optional<Path> socket = Attacher.controlSocket(process);
        if (socket.isPresent()) {
            return new ControlClient(socket.get(), pid());
        }
        System.err.println("quiesce: attaching to JVM " + pid() + " ...");
        return new ControlClient(Attacher.attach(process, agentJar, "control=true"), pid());
    }

    /** Sends a request and prints its answer; the exit code. */
    int run(ControlClient client, boolean json, String... request) {
        List<String> req = new ArrayList<>(List.of(request));
        if (json) {
            req.add("json");
        }
        return client.request(req, System.out, System.err, SILENCE_MILLIS);
    }
}
