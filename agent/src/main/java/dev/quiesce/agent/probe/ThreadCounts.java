package dev.quiesce.agent.probe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact counters for handlers, written without atomic instructions: the kernel's per-CPU counters, per thread.
 *
 * <p>A thread owns the cell at index {@code id % SLOTS} if it was the first to claim it (one CAS, on its first
 * hit); it then adds with plain (opaque) stores, since no other thread writes that cell. A thread whose slot
 * belongs to another thread (a collision, or thousands of virtual threads) adds to a shared {@link LongAdder}.
 * Thread ids are never reused, so a cell cannot change hands.
 *
 * <p>Reads while handlers run are racy snapshots. After the version's grace period every increment is complete
 * and ordered before the reader (docs/memory-ordering.md, "Probe sites", final counts), so sums are exact.
 *
 * <p>Fields: {@code slots} elements are claimed by CAS (once each) and read plainly (a claimed cell is published
 * through its final fields); a cell's counts are written only by its owner, opaque; {@code shared} is an adder.
 */
final class ThreadCounts {
    static final int SLOTS = 64;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Cell[].class);
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int width;
    private final Cell[] slots = new Cell[SLOTS];
    private final LongAdder[] shared;

    /** Counters at indexes {@code 0 .. width-1}. */
    ThreadCounts(int width) {
        this.width = width;
        this.shared = new LongAdder[width];
        for (int i = 0; i < width; i++) {
            shared[i] = new LongAdder();
        }
    }

    void add(int index) {
        long id = Thread.currentThread().getId();
        Cell c = slots[(int) id & (SLOTS - 1)];
        if (c != null && c.ownerId == id) {
            long[] counts = c.counts;
            COUNT.setOpaque(counts, index, (long) COUNT.getOpaque(counts, index) + 1); // owner-only: no RMW
            return;
        }
        addSlow(id, c, index);
    }

    private void addSlow(long id, Cell c, int index) {
        if (c == null) {
            Cell mine = new Cell(id, width);
            if (SLOT.compareAndSet(slots, (int) id & (SLOTS - 1), null, mine)) {
                COUNT.setOpaque(mine.counts, index, 1L);
                return;
            }
        }
        shared[index].increment();
    }

    long sum(int index) {
        long s = shared[index].sum();
        for (Cell c : slots) {
            if (c != null) {
                s += (long) COUNT.getOpaque(c.counts, index);
            }
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

    /** One thread's counts, padded from its neighbours on the heap. */
    private static final class Cell {
        final long ownerId;
        final long[] counts;
        @SuppressWarnings("unused")
        long p1, p2, p3, p4, p5, p6, p7;

        Cell(long ownerId, int width) {
            this.ownerId = ownerId;
            this.counts = new long[width];
        }
    }
}
