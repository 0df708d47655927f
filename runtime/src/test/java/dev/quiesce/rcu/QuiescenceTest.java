package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuiescenceTest {
    @Test
    void reportMovesTheCounter() {
        Quiescence.report();
        QsRecord r = QsRegistry.INSTANCE.lookup(Thread.currentThread());
        long w = r.lvWordAcquire();
        Quiescence.report();
        assertEquals(w + QsRecord.ONE, r.lvWordAcquire());
        assertTrue(QsRecord.passedQuiescentState(w, r.lvWordAcquire()));
        assertFalse(QsRecord.passedQuiescentState(r.lvWordAcquire(), r.lvWordAcquire()));
    }

    @Test
    void offlineNestsAndOnlineMovesTheCounter() {
        Quiescence.report();
        QsRecord r = QsRegistry.INSTANCE.lookup(Thread.currentThread());
        long w = r.lvWordAcquire();
        Quiescence.offline();
        Quiescence.offline();
        assertTrue(Quiescence.isOffline());
        assertTrue(QsRecord.passedQuiescentState(w, r.lvWordAcquire()));
        Quiescence.online();
        assertTrue(Quiescence.isOffline(), "still offline: nested");
        assertNotEquals(0, r.lvWordAcquire() & QsRecord.OFFLINE);
        Quiescence.online();
        assertFalse(Quiescence.isOffline());
        long after = r.lvWordAcquire();
        assertEquals(0, after & QsRecord.OFFLINE);
        assertTrue(after > w, "online counts as a quiescent state");
    }

    @Test
    void onlineWithoutOfflineFailsAndChangesNothing() {
        Quiescence.report();
        QsRecord r = QsRegistry.INSTANCE.lookup(Thread.currentThread());
        long w = r.lvWordAcquire();
        IllegalStateException e = assertThrows(IllegalStateException.class, Quiescence::online);
        assertTrue(e.getMessage().contains("without a matching offline()"), e.getMessage());
        assertEquals(w, r.lvWordAcquire());
    }

    @Test
    void deadThreadsArePruned() throws Exception {
        Thread t = new Thread(Quiescence::report);
        t.start();
        t.join();
        assertTrue(QsRegistry.INSTANCE.lookup(t) != null);
        QsRegistry.INSTANCE.pruneDead();
        assertEquals(null, QsRegistry.INSTANCE.lookup(t));
    }

    @Test
    void virtualThreadsGetNoRecord() throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(Threads.virtualThreadsSupported(), "JDK 21+");
        java.lang.invoke.MethodHandle start = java.lang.invoke.MethodHandles.publicLookup().findStatic(Thread.class,
                "startVirtualThread", java.lang.invoke.MethodType.methodType(Thread.class, Runnable.class));
        Thread vt = (Thread) start.invoke((Runnable) () -> {
            Quiescence.report();
            Quiescence.offline();
            Quiescence.online();
        });
        vt.join();
        assertEquals(null, QsRegistry.INSTANCE.lookup(vt));
        assertTrue(Threads.isVirtual(vt));
    }
}
