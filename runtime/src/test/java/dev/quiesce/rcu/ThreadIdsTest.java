package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ThreadIdsTest {
    /** A thread that claims another thread's id. */
    static final class Impostor extends Thread {
        private final long claimed;

        Impostor(long claimed) {
            this.claimed = claimed;
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            return claimed;
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void idsComeFromTheJvmNotFromAnOverride() {
        Thread self = Thread.currentThread();
        Impostor impostor = new Impostor(self.getId());
        assertEquals(self.getId(), impostor.getId(), "the override claims this thread's id");
        assertFalse(ThreadIds.overridable(), "ids on this JVM come from " + ThreadIds.source());
        assertEquals(self.getId(), ThreadIds.of(self));
        assertNotEquals(ThreadIds.of(self), ThreadIds.of(impostor), "two threads, one id");
        assertNotEquals(ThreadIds.of(new Thread()), ThreadIds.of(impostor));
    }
}
