package dev.quiesce.torture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One element of the protected data (rcutorture's {@code struct rcu_torture}).
 *
 * <p>The writer prepares an element with plain stores ({@code mbtest} set, {@code pipeCount} zero, a new
 * generation) and publishes it with a release store. Once it is unpublished, every grace period that ends
 * advances its {@code pipeCount} by one; at {@link #PIPE_LEN} it is freed ({@code mbtest} cleared) and may be
 * handed out again. So a reader that finds {@code mbtest} clear saw an initialisation not ordered before the
 * publication; one that finds {@code pipeCount} above 1, or a new generation, held the element across grace
 * periods that should have waited for it.
 *
 * <p>One thread at a time advances an element (the writer, or the callback chain it was handed to, with
 * happens-before between owners), so advances are plain read-modify-writes published with opaque stores.
 * Readers read opaquely so that the JIT cannot merge the reads at the start and at the end of a section.
 */
final class TortureElement implements AutoCloseable {
    /** Grace periods an unpublished element goes through before it is freed (RCU_TORTURE_PIPE_LEN). */
    static final int PIPE_LEN = 10;

    final int id;
    @SuppressWarnings("unused") // accessed through PIPE_COUNT
    private int pipeCount;
    @SuppressWarnings("unused") // accessed through MBTEST
    private boolean mbtest;
    @SuppressWarnings("unused") // accessed through GENERATION
    private int generation;
    /** The callback chain that owns this element while it is retired through call() or retire(). */
    private DeferredFree deferral;

    TortureElement(int id) {
        this.id = id;
    }

    /** Writer only, while no reader can reach the element: plain stores, ordered by the publishing release. */
    void prepareForPublication() {
        GENERATION.set(this, (int) GENERATION.get(this) + 1);
        PIPE_COUNT.set(this, 0);
        MBTEST.set(this, true);
    }

    int pipeCount() {
        return (int) PIPE_COUNT.getOpaque(this);
    }

    /** rcutorture's {@code rtort_mbtest}: set while the element is allocated. */
    boolean initialized() {
        return (boolean) MBTEST.getOpaque(this);
    }

    int generation() {
        return (int) GENERATION.getOpaque(this);
    }

    /**
     * Owner only: one grace period has ended since this element was unpublished. Clears {@code mbtest} when
     * the element reaches the end of the pipe. Returns the stage it advanced from.
     */
    int advancePipe() {
        int stage = (int) PIPE_COUNT.get(this);
        PIPE_COUNT.setOpaque(this, stage + 1);
        if (stage + 1 >= PIPE_LEN) {
            MBTEST.setOpaque(this, false);
        }
        return stage;
    }

    void deferTo(DeferredFree chain) {
        this.deferral = chain;
    }

    /** The retire() path: the domain closes the element once a grace period has ended. */
    @Override
    public void close() {
        deferral.gracePeriodEnded(this);
    }

    @Override
    public String toString() {
        return "element " + id + " (generation " + generation() + ", pipe " + pipeCount() + ")";
    }

    private static final VarHandle PIPE_COUNT;
    private static final VarHandle MBTEST;
    private static final VarHandle GENERATION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PIPE_COUNT = l.findVarHandle(TortureElement.class, "pipeCount", int.class);
            MBTEST = l.findVarHandle(TortureElement.class, "mbtest", boolean.class);
            GENERATION = l.findVarHandle(TortureElement.class, "generation", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
