package dev.quiesce.agent.boot;

/**
 * Whether {@code java.lang.VirtualThread} carries the carrier hooks, remembered across detach and attach. A
 * detach leaves the hooks in place: every redefinition of {@code VirtualThread} makes the JVM define its
 * lambdas' classes again in the boot loader, which never unloads them (about 100 KB per redefinition on JDK
 * 25), so restoring the class at each detach and weaving it at each attach would grow metaspace without
 * bound. The hooks only report carriers' quiescent states to the runtime, which stays loaded too.
 *
 * <p>Field: {@code woven} is written by the agent's transformer thread when it weaves the class, read by a
 * later agent's start; volatile.
 */
public final class CarrierHookState {
    private static volatile boolean woven;

    private CarrierHookState() {}

    public static boolean wovenVolatile() {
        return woven;
    }

    public static void setWovenVolatile(boolean value) {
        woven = value;
    }
}
