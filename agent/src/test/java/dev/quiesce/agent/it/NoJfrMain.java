package dev.quiesce.agent.it;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import dev.quiesce.agent.boot.jfr.ProbeEvents;
import example.shop.Shop;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Run by {@link NoJfrIT} in a JVM without the jdk.jfr module: the agent's whole lifecycle, then exit 0. */
public final class NoJfrMain {
    private NoJfrMain() {}

    public static void main(String[] args) throws Exception {
        check(ModuleLayer.boot().findModule("jdk.jfr").isEmpty(), "jdk.jfr is absent");
        check(!ProbeEvents.available(), "the agent sees no JFR");
        ProbeControl control = AgentControl.control();
        Shop shop = new Shop();
        control.add("entry example.shop.Shop#price count name=count");
        control.add("timing example.shop.Shop#slow capture name=capture");
        for (int i = 0; i < 100; i++) {
            shop.price(i);
        }
        shop.slow(1000);
        RemovalReport swapped = control.swap("count", "entry example.shop.Shop#price count name=count")
                .get(30, TimeUnit.SECONDS);
        check(swapped.hits() == 100, "swapped: " + swapped);
        check(control.events("capture", 10).size() == 1, "one captured hit");
        List<RemovalReport> detached = control.detach().get(30, TimeUnit.SECONDS);
        check(detached.size() == 2, "detached: " + detached);
        System.out.println("ok without jdk.jfr");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
