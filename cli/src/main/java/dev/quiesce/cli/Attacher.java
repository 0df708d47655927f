package dev.quiesce.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Attaches to a target JVM with the Attach API, loads the agent, and finds the agent's control socket (the
 * system property {@value #CONTROL_PROPERTY} the agent sets). Every way this can fail becomes one plain sentence.
 */
final class Attacher {
    static final String CONTROL_PROPERTY = "quiesce.control";
    /** How long the target may take to answer the attach request, in ms (the JDK's default is 10 s). */
    static final String ATTACH_TIMEOUT_MS = "10000";

    private Attacher() {}

    /** The control socket of the agent running in {@code target}, or empty if none runs there. */
    static Optional<Path> controlSocket(TargetProcess target) {
        Path usual = usualSocket(target.pid());
        if (Files.exists(usual)) {
            return Optional.of(usual); // the agent deletes it at detach; a dead JVM's pid fails the liveness check
        }
        String published = withVm(target, vm -> vm.getSystemProperties().getProperty(CONTROL_PROPERTY));
        return Optional.ofNullable(published).map(p -> reachable(target, Path.of(p)));
    }

    /** Where the agent of a JVM of this user with the same temporary directory puts its socket. */
    static Path usualSocket(long pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), "quiesce-" + System.getProperty("user.name"),
                pid + ".sock");
    }

    /**
     * Loads the agent into {@code target} and returns its control socket.
     *
     * @throws CliException with {@link ExitCodes#ALREADY_ATTACHED} if the agent already runs there
     */
    static Path attach(TargetProcess target, Path agentJar, String agentArgs) {
        target.checkSameUser();
        target.checkHotSpot();
        String cmd = target.rawCommandLine();
        if (cmd.contains("-XX:+DisableAttachMechanism")) {
            throw new CliException(ExitCodes.REFUSED, "JVM " + target.pid() + " was started with "
                    + "-XX:+DisableAttachMechanism, so nothing can attach to it; start it with -javaagent:"
                    + agentJar + " instead");
        }
        if (cmd.contains("-XX:-EnableDynamicAgentLoading")) {
            throw new CliException(ExitCodes.REFUSED, "JVM " + target.pid() + " was started with "
                    + "-XX:-EnableDynamicAgentLoading, so agents cannot be loaded into it while it runs; start it "
                    + "with -javaagent:" + agentJar + " instead");
        }
        if (!Files.isRegularFile(agentJar)) {
            throw new CliException(ExitCodes.FAILED, "the agent jar " + agentJar + " does not exist (build it "
                    + "with ./quiesce build, or pass --agent)");
        }
        String socket = withVm(target, vm -> {
            String before = vm.getSystemProperties().getProperty(CONTROL_PROPERTY);
            if (before != null) {
                throw new CliException(ExitCodes.ALREADY_ATTACHED, "quiesce is already attached to JVM "
                        + target.pid() + " (control socket " + before + ")");
            }
            try {
                vm.loadAgent(agentJar.toAbsolutePath().toString(), agentArgs);
            } catch (AgentLoadException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("not enabled") || m.contains("EnableDynamicAgentLoading")) {
                    throw new CliException(ExitCodes.REFUSED, "JVM " + target.pid() + " does not allow agents to be "
                            + "loaded while it runs (-XX:-EnableDynamicAgentLoading); start it with -javaagent:"
                            + agentJar + " instead", e);
                }
                throw new CliException(ExitCodes.FAILED, "JVM " + target.pid() + " could not load the agent: " + m, e);
            } catch (AgentInitializationException e) {
                throw new CliException(ExitCodes.FAILED, "the agent failed to start in JVM " + target.pid()
                        + " (its stderr says why)", e);
            }
            return vm.getSystemProperties().getProperty(CONTROL_PROPERTY);
        });
        if (socket == null) {
            throw new CliException(ExitCodes.FAILED, "the agent started in JVM " + target.pid() + " but opened no "
                    + "control channel (its stderr says why)");
        }
        return reachable(target, Path.of(socket));
    }

    /** The socket path as this process can reach it: through /proc/PID/root when the target sees another root. */
    private static Path reachable(TargetProcess target, Path socket) {
        if (Files.exists(socket)) {
            return socket;
        }
        Path viaProc = Path.of("/proc", Long.toString(target.pid()), "root").resolve(socket.toString().substring(1));
        return Files.exists(viaProc) ? viaProc : socket;
    }

    interface VmAction<T> {
        T apply(VirtualMachine vm) throws IOException;
    }

    /** Attaches, runs {@code action}, detaches; translates the Attach API's failures. */
    static <T> T withVm(TargetProcess target, VmAction<T> action) {
        if (System.getProperty("sun.tools.attach.attachTimeout") == null) {
            System.setProperty("sun.tools.attach.attachTimeout", ATTACH_TIMEOUT_MS);
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(target.pid()));
        } catch (AttachNotSupportedException | IOException e) {
            throw attachFailure(target, e);
        }
        try {
            return action.apply(vm);
        } catch (IOException e) {
            if (!target.isAlive()) {
                throw new CliException(ExitCodes.NO_JVM, "JVM " + target.pid() + " exited", e);
            }
            throw new CliException(ExitCodes.FAILED, "JVM " + target.pid() + ": " + e.getMessage(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }

    private static CliException attachFailure(TargetProcess target, Exception e) {
        target.checkSameUser();
        target.checkHotSpot();
        if (!target.isAlive()) {
            return new CliException(ExitCodes.NO_JVM, "JVM " + target.pid() + " exited", e);
        }
        String m = String.valueOf(e.getMessage());
        if (target.rawCommandLine().contains("-XX:+DisableAttachMechanism")) {
            return new CliException(ExitCodes.REFUSED, "JVM " + target.pid() + " was started with "
                    + "-XX:+DisableAttachMechanism, so nothing can attach to it", e);
        }
        if (m.contains("respond within") || m.contains("timed out") || m.contains("Timeout")) {
            return new CliException(ExitCodes.TIMEOUT, "JVM " + target.pid() + " did not answer the attach request "
                    + "within " + Long.parseLong(ATTACH_TIMEOUT_MS) / 1000 + " s: it is too busy, stopped, or its "
                    + "attach listener is disabled", e);
        }
        return new CliException(ExitCodes.REFUSED, "cannot attach to JVM " + target.pid() + ": " + m, e);
    }
}
