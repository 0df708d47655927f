package dev.quiesce.agent.probe;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import dev.quiesce.rcu.ThreadIds;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact counters for handlers, written without atomic instructions: the kernel's per-CPU counters, per thread.
 *
 * <p>A thread owns slot {@code id % SLOTS} if it was the first to claim it (one CAS on its first hit); it then
 * adds with plain stores into its own stretch of {@code counts}, which no other thread writes. A thread whose
 * slot belongs to another (a collision, or thousands of virtual threads) adds to a shared {@link LongAdder}.
 * Thread ids are never reused, so a slot never changes hands. The hot path is three dependent loads (current
 * thread, its id, the slot's owner) and an increment; owners and counts are flat arrays so that nothing else is
 * chased. Ids come from {@link ThreadIds}, not from {@code getId()}, which a subclass may override: a thread
 * that claimed another's id would write that thread's slot.
 *
 * <p>Reads while handlers run are racy snapshots (a count read opaque may lag). After the version's grace period
 * every increment is complete and ordered before the reader (docs/memory-ordering.md, "Probe sites", final
 * counts), so sums are exact. Plain 64-bit stores do not tear on the 64-bit JVMs the agent supports.
 *
 * <p>Fields: {@code owners} elements go from 0 to an owner's id once, by CAS, and are read plainly (a stale 0
 * only sends the thread to the slow path, where the CAS fails); {@code counts} stretches are written only by
 * their slot's owner, plainly; {@code shared} are adders. Stretches are {@code STRIDE_PAD} longs apart so two
 * owners never write one cache line.
 */
final class ThreadCounts {
    static final int SLOTS = 64;
    private static final int STRIDE_PAD = 16;
    private static final VarHandle OWNER = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int width;
    private final int stride;
    private final long[] owners = new long[SLOTS];
    private final long[] counts;
    private final LongAdder[] shared;

    /** Counters at indexes {@code 0 .. width-1}. */
    ThreadCounts(int width) {
        this.width = width;
        this.stride = width + STRIDE_PAD;
        this.counts = new long[SLOTS * stride];
        this.shared = new LongAdder[width];
        for (int i = 0; i < width; i++) {
            shared[i] = new LongAdder();
        }
    }

    void add(int index) {
        add(this, owners, counts, stride, index);
    }

    /**
     * A handle that adds one at {@code index}: {@code ()void}, with this counter's arrays bound in, so that
     * compiled code that inlines it holds them as constants and loads nothing but the thread's id and its slot.
     */
    MethodHandle incrementer(int index) {
        return MethodHandles.insertArguments(ADD, 0, this, owners, counts, stride, index);
    }

    private static final MethodHandle ADD;

    static {
        try {
            ADD = MethodHandles.lookup().findStatic(ThreadCounts.class, "add", MethodType.methodType(void.class,
                    ThreadCounts.class, long[].class, long[].class, int.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void add(ThreadCounts self, long[] owners, long[] counts, int stride, int index) {
        long id = ThreadIds.of(Thread.currentThread()); // not getId(): a subclass could claim another's slot
        int slot = (int) id & (SLOTS - 1);
        if (owners[slot] == id) {
            counts[slot * stride + index]++; // owner-only: a plain read-modify-write is exact
            return;
        }
        self.addSlow(id, slot, index);
    }

    private void addSlow(long id, int slot, int index) {
        if (OWNER.compareAndSet(owners, slot, 0L, id)) {
            counts[slot * stride + index]++; // the CAS made this thread the slot's only writer
        } else {
            shared[index].increment();
        }
    }

    long sum(int index) {
        long s = shared[index].sum();
        for (int slot = 0; slot < SLOTS; slot++) {
            s += (long) COUNT.getOpaque(counts, slot * stride + index);
        }
        return s;
    }

    /**
     * Racy: what thread {@code id} has counted in its own slot (all indexes together, opaque reads), or -1 if
     * the slot is not its own (a collision, or no hit yet), so that its hits cannot be told from others'.
     */
    long countOf(long id) {
        int slot = (int) id & (SLOTS - 1);
        if ((long) OWNER.getOpaque(owners, slot) != id) {
            return -1;
        }
        long s = 0;
        for (int i = 0; i < width; i++) {
            s += (long) COUNT.getOpaque(counts, slot * stride + i);
        }
        return s;
    }

    long[] sums() {
        long[] out = new long[width];
        for (int i = 0; i < width; i++) {
            out[i] = sum(i);
        }
        return out;
    }
}
