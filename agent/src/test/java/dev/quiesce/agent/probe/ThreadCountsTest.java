package dev.quiesce.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.rcu.ThreadIds;
import org.junit.jupiter.api.Test;

class ThreadCountsTest {
    @Test
    @SuppressWarnings("deprecation") // getId(): what the impostor overrides
    void aThreadThatClaimsAnotherThreadsIdDoesNotWriteItsSlot() throws Exception {
        ThreadCounts counts = new ThreadCounts(1);
        Thread self = Thread.currentThread();
        counts.add(0);
        long mine = ThreadIds.of(self);
        assertEquals(1, counts.countOf(mine), "this thread owns its slot");
        Thread impostor = new Thread() {
            @Override
            public long getId() {
                return self.getId();
            }

            @Override
            public void run() {
                for (int i = 0; i < 1000; i++) {
                    counts.add(0);
                }
            }
        };
        impostor.start();
        impostor.join();
        // Its hits are its own (another slot or the shared adder): none in this thread's slot, which progress
        // evidence reads, and none lost.
        assertEquals(1, counts.countOf(mine));
        assertEquals(1001, counts.sum(0));
    }
}
