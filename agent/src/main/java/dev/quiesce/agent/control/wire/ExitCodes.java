package dev.quiesce.agent.control.wire;

/** Exit codes of the command line, which the agent's error frames carry; scripts can rely on them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed in the target (or the target died). */
    public static final int FAILED = 1;
    /** Bad input: a malformed spec, an unknown probe, a wrong option. Nothing was changed. */
    public static final int USAGE = 2;
    /** No such process, or it is not a JVM. */
    public static final int NO_JVM = 3;
    /** The JVM may not be attached to or controlled: another user, attach or dynamic agents disabled. */
    public static final int REFUSED = 4;
    /** The quiesce agent is not running in that JVM. */
    public static final int NOT_ATTACHED = 5;
    /** {@code attach}: the agent already runs there. */
    public static final int ALREADY_ATTACHED = 6;
    /** The target did not answer in time (too busy, or stopped). */
    public static final int TIMEOUT = 7;

    private ExitCodes() {}
}
