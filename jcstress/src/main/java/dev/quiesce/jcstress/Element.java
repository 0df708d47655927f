package dev.quiesce.jcstress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the end-to-end tests protect: an element an updater unlinks, waits a grace period for, then frees.
 * Freeing is a volatile store of {@link #freed}, so a reader still using the element sees it at once.
 */
final class Element {
    volatile boolean freed;

    /** Busy-waits about {@code nanos} without blocking: legal inside any read section. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** A slot holding the protected pointer, published and read like an RCU pointer. */
    static class Slot {
        final Element old = new Element();
        final Element fresh = new Element();
        @SuppressWarnings("unused") // accessed through POINTER
        private Element pointer = old;

        /** rcu_dereference. */
        final Element load() {
            return (Element) POINTER.getAcquire(this);
        }

        /** rcu_assign_pointer: replaces the old element. */
        final void unlink() {
            POINTER.setRelease(this, fresh);
        }

        private static final VarHandle POINTER;

        static {
            try {
                POINTER = MethodHandles.lookup().findVarHandle(Slot.class, "pointer", Element.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
