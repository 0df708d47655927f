package example.scenario;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM's service and script: threads call {@link #price} and {@link #slow} (virtual threads too on
 * JDK 21+) while the agent, started with {@code -javaagent} or attached by pid, adds, swaps and removes
 * probes. The agent is reached by reflection because its classes exist only once it is loaded. Prints each
 * removal report and "SCENARIO OK" when every count adds up; exits 1 with the reason otherwise.
 */
public final class ProbeScenario {
    static final AtomicBoolean STOP = new AtomicBoolean();
    static final AtomicLong CALLS = new AtomicLong();
    static volatile long sink;

    public static long price(long item) {
        return item * 31 + 7;
    }

    public static String slow(long nanos) {
        LockSupport.parkNanos(nanos);
        return "ok";
    }

    public static void main(String[] args) throws Exception {
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        List<Thread> threads = startCallers();
        Object control = AgentInChild.awaitAgent(TimeUnit.SECONDS.toNanos(60));
        Class<?> api = Class.forName("dev.quiesce.agent.boot.ProbeControl");
        Method add = api.getMethod("add", String.class);
        Method swap = api.getMethod("swap", String.class, String.class);
        Method remove = api.getMethod("remove", String.class);

        add.invoke(control, "timing example.scenario.ProbeScenario#slow hist name=slow");
        for (int i = 0; i < 10; i++) {
            slow(1_000_000);
        }
        Object slowReport = AgentInChild.join(remove.invoke(control, "slow"));
        System.out.println(slowReport);
        check(hits(slowReport) == 10, "timing probe saw " + hits(slowReport) + " of 10 calls");
        long[] h = (long[]) slowReport.getClass().getMethod("histogram").invoke(slowReport);
        check(Arrays.stream(h).sum() == 10, "histogram " + Arrays.toString(h));

        long before = CALLS.get();
        add.invoke(control, "entry example.scenario.ProbeScenario#price count name=price");
        Thread.sleep(300);
        Object first = AgentInChild.join(swap.invoke(control, "price", "entry example.scenario.ProbeScenario#price count name=price"));
        Thread.sleep(300);
        STOP.set(true);
        for (Thread t : threads) {
            t.join();
        }
        Object second = AgentInChild.join(remove.invoke(control, "price"));
        System.out.println(first);
        System.out.println(second);
        long probed = hits(first) + hits(second);
        long during = CALLS.get() - before;
        check(probed > 0, "the probe saw no call");
        check(probed <= during, probed + " hits > " + during + " calls made while probed");
        check(sink != 42, "");
        System.out.println("SCENARIO OK");
        System.exit(0);
    }

    private static List<Thread> startCallers() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Runnable caller = () -> {
            long s = 0;
            long n = 0;
            while (!STOP.get()) {
                s += price(n++);
                if ((n & 1023) == 0) {
                    CALLS.addAndGet(1024);
                    Thread.yield();
                }
            }
            CALLS.addAndGet(n & 1023);
            sink = s;
        };
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(caller, "caller-" + i);
            t.start();
            threads.add(t);
        }
        if (Runtime.version().feature() >= 21) {
            Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
            for (int i = 0; i < 8; i++) {
                threads.add((Thread) start.invoke(null, caller));
            }
        }
        return threads;
    }

    private static long hits(Object report) throws Exception {
        return (Long) report.getClass().getMethod("hits").invoke(report);
    }

    private static void check(boolean ok, String why) {
        if (!ok) {
            fail(why);
        }
    }

    private static void fail(String why) {
        System.out.println("SCENARIO FAILED: " + why);
        System.exit(1);
    }
}
