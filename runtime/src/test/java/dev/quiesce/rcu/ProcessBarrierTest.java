package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessBarrierTest {
    @Test
    void availableExactlyFromJava22() {
        assertEquals(Runtime.version().feature() >= 22, ProcessBarrier.available());
        assertEquals(ProcessBarrier.available(), TraceReader.ASYMMETRIC, "readers drop their fence only with it");
    }

    @Test
    void emitReturnsWhileOtherThreadsRunOrSaysWhyNot() throws Exception {
        if (!ProcessBarrier.available()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, ProcessBarrier::emit);
            assertTrue(e.getMessage().contains("22+"), e.getMessage());
            return;
        }
        AtomicLong spins = new AtomicLong();
        Thread busy = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                spins.incrementAndGet();
            }
        });
        Thread parked = new Thread(() -> java.util.concurrent.locks.LockSupport.parkNanos(5_000_000_000L));
        busy.start();
        parked.start();
        try {
            for (int i = 0; i < 100; i++) {
                ProcessBarrier.emit(); // a busy thread and a parked one both take part; neither blocks it
            }
        } finally {
            busy.interrupt();
            java.util.concurrent.locks.LockSupport.unpark(parked);
            busy.join();
            parked.join();
        }
        assertTrue(spins.get() > 0);
    }

    @Test
    void traceGracePeriodsConfirmDrainedSlotsAcrossTheBarrierOnlyWhereReadersDoNotFence() {
        TasksTraceRcu d = TasksTraceRcu.create("barrier-count");
        try {
            int k = d.readLock();
            d.readUnlock(k);
            d.synchronize();
            long barriers = d.stats().barriers();
            if (TraceReader.ASYMMETRIC) {
                assertTrue(barriers >= 2, "one per slot check that found it drained, got " + barriers);
            } else {
                assertEquals(0, barriers);
            }
        } finally {
            d.close();
        }
    }
}
