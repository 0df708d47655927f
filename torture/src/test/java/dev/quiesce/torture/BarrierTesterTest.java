package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BarrierTesterTest {
    @Test
    void aBarrierThatWaitsPasses() throws Exception {
        TortureCounters counters = run(new ManualFlavor(true));
        assertTrue(counters.barrierTests.sum() > 0);
        assertEquals(0, counters.barrierErrors.sum());
    }

    @Test
    void aBarrierThatReturnsEarlyIsCaught() throws Exception {
        TortureCounters counters = run(new ManualFlavor(false));
        assertTrue(counters.barrierTests.sum() > 0);
        assertEquals(counters.barrierTests.sum(), counters.barrierErrors.sum());
    }

    private static TortureCounters run(ManualFlavor flavor) throws InterruptedException {
        TortureCounters counters = new TortureCounters();
        StopSignal stop = new StopSignal();
        Thread t = new Thread(new BarrierTester(flavor, counters, stop));
        t.start();
        while (counters.barrierTests.sum() < 3) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        stop.stop();
        t.join();
        return counters;
    }
}
