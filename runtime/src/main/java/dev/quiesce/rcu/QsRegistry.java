package dev.quiesce.rcu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide carrier registry: thread to {@link QsRecord}. Shared by every domain, because the hooks
 * that feed it (carrier unmounts, worker items, event loops) are process-wide.
 *
 * <p>Owners reach their own record through a thread-local; grace-period threads look records up by thread.
 * Virtual threads get no record: they are never scanned (a virtual thread is inside a read section only
 * while mounted, and its carrier is scanned), so their reports would prove nothing.
 * Records of terminated threads are pruned when the map doubles past its last pruned size, and by the
 * grace-period threads from time to time.
 */
final class QsRegistry {
    static final QsRegistry INSTANCE = new QsRegistry();

    /** A record that is never registered: what virtual threads report into. */
    private static final QsRecord NOWHERE = new QsRecord(null);

    private final ConcurrentHashMap<Thread, QsRecord> records = new ConcurrentHashMap<>();
    private final ThreadLocal<QsRecord> local = ThreadLocal.withInitial(this::createForCurrent);
    /** Size after the last prune; racy by design (a missed or doubled prune is harmless). */
    private volatile int prunedSize = 64;

    private QsRegistry() {}

    /** The calling thread's record, created on first use. */
    QsRecord current() {
        return local.get();
    }

    /** The record of {@code t}, or null if it never reported. */
    QsRecord lookup(Thread t) {
        return records.get(t);
    }

    /** The record of a carrier, created if needed (the mount hook runs on the virtual thread). */
    QsRecord forCarrier(Thread carrier) {
        QsRecord r = records.get(carrier);
        return r != null ? r : records.computeIfAbsent(carrier, QsRecord::new);
    }

    int size() {
        return records.size();
    }

    void pruneDead() {
        records.keySet().removeIf(t -> t.getState() == Thread.State.TERMINATED);
        prunedSize = Math.max(64, records.size());
    }

    private QsRecord createForCurrent() {
        Thread t = Thread.currentThread();
        if (Threads.isVirtual(t)) {
            return NOWHERE;
        }
        QsRecord r = forCarrier(t);
        if (records.size() > 2 * prunedSize) {
            pruneDead();
        }
        return r;
    }

    static boolean isNowhere(QsRecord r) {
        return r == NOWHERE;
    }
}
