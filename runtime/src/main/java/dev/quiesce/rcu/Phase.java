package dev.quiesce.rcu;

/** The named phases of a tasks grace period (cf. kernel/rcu/tasks.h). */
enum Phase {
    /** Waiting for a request. */
    IDLE,
    /** Full fence: the callers' unlinks before every observation that follows. */
    PRE_GP,
    /** Every platform thread: quiescent now, or a holdout with a snapshot of its counter. */
    SCAN,
    /** Recheck holdouts with adaptive backoff; sample those that only sampling can clear. */
    WAIT_HOLDOUTS,
    /** Full fence: every observation before the callers' frees. */
    POST_GP
}
