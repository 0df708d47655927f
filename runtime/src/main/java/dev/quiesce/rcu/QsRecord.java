package dev.quiesce.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's quiescent-state word: the hook-counter and extended-quiescence sources of DESIGN §2.
 *
 * <p>The word is {@code (count << 1) | offlineBit}. Only the owner thread writes it; grace-period threads read
 * it. A changed count or a set offline bit, observed after a grace period began, proves the owner passed a
 * quiescent state after that instant. Each owner write is a release store followed by a full fence: the
 * release keeps the owner's earlier read-section accesses before the store, the fence keeps its later
 * read-section loads after it (the store-buffering pattern whose other half is the grace period's pre-scan
 * fence; see docs/memory-ordering.md, "hook counters").
 *
 * <p>Field legend: {@code I:} set at construction; {@code O:} written by the owner thread only;
 * {@code M:} written on the carrier's OS thread by the mount/unmount hooks (release), read by grace-period
 * threads (acquire).
 */
final class QsRecord {
    static final long OFFLINE = 1L;
    static final long ONE = 2L;

    /** I: the thread whose quiescent states this records (a platform thread; carriers included). */
    final Thread owner;
    /** O: the word described above; read by grace-period threads with {@link #lvWordAcquire()}. */
    @SuppressWarnings("unused") // accessed through WORD
    private long word;
    /** O: nesting depth of offline()/online(); never read by other threads. */
    private int offlineDepth;
    /** M: the virtual thread mounted on this carrier, or null. */
    @SuppressWarnings("unused") // accessed through MOUNTED
    private Thread mounted;

    QsRecord(Thread owner) {
        this.owner = owner;
    }

    long lvWordAcquire() {
        return (long) WORD.getAcquire(this);
    }

    /** Owner only: a quiescent state now. */
    void report() {
        long w = (long) WORD.get(this); // owner's own last write
        WORD.setRelease(this, w + ONE);
        // Orders the store above before this thread's later read-section loads; pairs with the
        // grace period's pre-scan fence (GracePeriodEngine.phasePreGp).
        VarHandle.fullFence();
    }

    /** Owner only: enter extended quiescence; nests. */
    void offline() {
        if (offlineDepth++ == 0) {
            long w = (long) WORD.get(this);
            // Release: the read sections before offline() finish before the bit becomes visible.
            WORD.setRelease(this, w | OFFLINE);
        }
    }

    /** Owner only: leave extended quiescence. */
    void online() {
        if (offlineDepth == 0) {
            throw new IllegalStateException("Quiescence.online() without a matching offline() on thread \""
                    + owner.getName() + "\"");
        }
        if (--offlineDepth == 0) {
            long w = (long) WORD.get(this);
            // The count moves too, so an offline period that a grace period missed still counts.
            WORD.setRelease(this, (w & ~OFFLINE) + ONE);
            // The store must be visible before any later read-section load; pairs with the pre-scan fence.
            VarHandle.fullFence();
        }
    }

    boolean isOfflineOwner() {
        return offlineDepth > 0;
    }

    Thread lvMountedAcquire() {
        return (Thread) MOUNTED.getAcquire(this);
    }

    void soMountedRelease(Thread vthread) {
        MOUNTED.setRelease(this, vthread);
    }

    /**
     * True when a word read now proves a quiescent state after {@code snapshot} was read.
     * A snapshot of 0 means "no record existed at the scan": any count since then is a report made after
     * the grace period began.
     */
    static boolean passedQuiescentState(long snapshot, long now) {
        return (now & OFFLINE) != 0 || now != snapshot;
    }

    private static final VarHandle WORD;
    private static final VarHandle MOUNTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORD = l.findVarHandle(QsRecord.class, "word", long.class);
            MOUNTED = l.findVarHandle(QsRecord.class, "mounted", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
