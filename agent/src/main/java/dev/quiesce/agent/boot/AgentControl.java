package dev.quiesce.agent.boot;

/**
 * Where the running agent publishes its {@link ProbeControl}. Loaded by the bootstrap class loader, so
 * every class loader sees the same one; the implementation lives in the agent's own loader.
 *
 * <p>Field: {@code control} is written under the class lock (install, uninstall), read with a volatile load.
 */
public final class AgentControl {
    private static volatile ProbeControl control;

    private AgentControl() {}

    /**
     * The running agent's control.
     *
     * @throws IllegalStateException if no agent is running in this JVM
     */
    public static ProbeControl control() {
        ProbeControl c = control;
        if (c == null) {
            throw new IllegalStateException("the quiesce agent is not running in this JVM (start it with "
                    + "-javaagent:quiesce-agent.jar or attach it by pid)");
        }
        return c;
    }

    public static boolean isInstalled() {
        return control != null;
    }

    /** Publishes a control; false if another one is installed (an agent is already running). */
    public static synchronized boolean install(ProbeControl c) {
        if (control != null) {
            return false;
        }
        control = c;
        return true;
    }

    /** Withdraws {@code c} if it is the installed control. */
    public static synchronized void uninstall(ProbeControl c) {
        if (control == c) {
            control = null;
        }
    }
}
