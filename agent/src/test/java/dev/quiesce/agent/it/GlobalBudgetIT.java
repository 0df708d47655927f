package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeInfo;
import example.shop.Shop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In a JVM whose agent runs with {@code budgetMicros=3000}: probes without budgets of their own, whose handlers
 * together cost far more than 3 ms per second, lose the costliest first; a cheap one, hit a hundred times a
 * second, stays. (A count probe hit tens of millions of times a second does cost more than 3 ms a second.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GlobalBudgetIT {
    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    @Test
    void theCostliestProbeGoesWhenAllTogetherExceedTheGlobalBudget() throws Exception {
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.ProbeLifecycleIT$CostlyHandler "
                + "name=costly", new ProbeLifecycleIT.CostlyHandler());
        control.add("entry example.shop.Shop#discount count name=cheap");
        Hammer hammer = new Hammer(1, false, shop::price);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (control.list().size() > 1 && System.nanoTime() < deadline) {
                Shop.discount(1);
                Thread.sleep(10);
            }
            for (int i = 0; i < 250; i++) { // two more checks: the cheap probe alone is within the budget
                Shop.discount(1);
                Thread.sleep(10);
            }
        } finally {
            hammer.stop();
        }
        assertEquals(List.of("cheap"), control.list().stream().map(ProbeInfo::name).toList());
        assertTrue(control.remove("cheap").join().hits() > 0);
    }
}
