package dev.quiesce.rcu;

/**
 * Quiescent-state reports from the threads themselves: the hook-counter and extended-quiescence sources.
 *
 * <p>{@link #report()} says "this thread is outside every TASKS read section now": call it at natural
 * quiescent points (an event loop between events, a worker between items). {@link #offline()} and
 * {@link #online()} bracket long blocking or native calls: while offline the thread counts as quiescent
 * for every grace period (userspace RCU's QSBR). The carrier hooks are called by the agent's instrumented
 * {@code java.lang.VirtualThread}; library users may call them to model their own carriers.
 *
 * <p>Each call costs a thread-local lookup and one full fence; readers themselves pay nothing.
 * Calls from a virtual thread are accepted and ignored: virtual threads quiesce through their carriers.
 */
public final class Quiescence {
    private Quiescence() {}

    /** The calling thread is outside every TASKS read section. */
    public static void report() {
        QsRegistry.INSTANCE.current().report();
    }

    /**
     * The calling thread enters extended quiescence: until the matching {@link #online()} it will not
     * enter a TASKS read section. Nests.
     */
    public static void offline() {
        QsRecord r = QsRegistry.INSTANCE.current();
        if (!QsRegistry.isNowhere(r)) {
            r.offline();
        }
    }

    /**
     * Leaves extended quiescence entered by {@link #offline()}.
     *
     * @throws IllegalStateException if the calling thread is not offline
     */
    public static void online() {
        QsRecord r = QsRegistry.INSTANCE.current();
        if (!QsRegistry.isNowhere(r)) {
            r.online();
        }
    }

    /** True if the calling thread is inside {@link #offline()}. */
    public static boolean isOffline() {
        return QsRegistry.INSTANCE.current().isOfflineOwner();
    }

    /**
     * Mount hook: {@code vthread} is now mounted on {@code carrier}. Called on the carrier's OS thread
     * (which may currently run as the virtual thread). Sampling a busy carrier then samples {@code vthread}.
     */
    public static void carrierMount(Thread carrier, Thread vthread) {
        QsRegistry.INSTANCE.forCarrier(carrier).soMountedRelease(vthread);
    }

    /**
     * Unmount hook: the calling carrier has just unmounted its virtual thread. This is a quiescent state
     * of the carrier: a virtual thread never unmounts inside a TASKS read section.
     */
    public static void carrierUnmount() {
        QsRecord r = QsRegistry.INSTANCE.current();
        r.soMountedRelease(null);
        r.report();
    }
}
