package example.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the scenarios running in child JVMs share: reaching the agent's control (through reflection, since
 * the agent's boot classes arrive on the bootstrap class path only once it starts) and waiting for its futures.
 */
final class AgentInChild {
    private AgentInChild() {}

    /** The agent's control once the agent is running (loaded at start-up or attached later). */
    static Object awaitAgent(long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            try {
                Class<?> c = Class.forName("dev.quiesce.agent.boot.AgentControl");
                if ((Boolean) c.getMethod("isInstalled").invoke(null)) {
                    return c.getMethod("control").invoke(null);
                }
            } catch (ClassNotFoundException notYet) {
                // the agent's boot jar is not on the bootstrap class path yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not start");
            }
            Thread.sleep(20);
        }
    }

    /** A control future's value, waiting up to a minute (a grace period under load). */
    static Object join(Object future) throws Exception {
        return ((CompletableFuture<?>) future).get(60, TimeUnit.SECONDS);
    }
}
