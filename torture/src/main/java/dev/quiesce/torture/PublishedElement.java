package dev.quiesce.torture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The protected pointer (rcutorture's {@code rcu_torture_current}): the writer replaces it with a release
 * store, readers load it with acquire inside their sections.
 */
final class PublishedElement {
    @SuppressWarnings("unused") // accessed through CURRENT
    private TortureElement current;

    /** Writer only: publishes {@code next} and returns the element it replaced (null the first time). */
    TortureElement publish(TortureElement next) {
        TortureElement old = (TortureElement) CURRENT.get(this); // the writer's own last store
        // Release: the element's initialisation (prepareForPublication) is visible to whoever loads it.
        CURRENT.setRelease(this, next);
        return old;
    }

    /** Readers, inside a read section. */
    TortureElement load() {
        return (TortureElement) CURRENT.getAcquire(this);
    }

    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(PublishedElement.class, "current", TortureElement.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
