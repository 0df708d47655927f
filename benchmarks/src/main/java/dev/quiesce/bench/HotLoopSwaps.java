package dev.quiesce.bench;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.bench.Pricing;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Swaps and a removal of a probe on {@link Pricing#price} while busy threads call it in a tight loop; prints
 * each operation's grace period and a summary. With the counting handler kept out of line, every safepoint
 * poll of the loop is inside the site's chain, the case progress evidence exists for (docs/agent.md, "Hot loops
 * whose polls are all inside a site"):
 *
 * <pre>
 * java -javaagent:agent/target/quiesce-agent.jar -XX:CompileCommand=quiet \
 *     -XX:CompileCommand=dontinline,dev.quiesce.agent.probe.ThreadCounts::add \
 *     -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.HotLoopSwaps 2 count 20
 * </pre>
 */
public final class HotLoopSwaps {
    private static volatile boolean stop;
    static volatile long sink;

    private HotLoopSwaps() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs it; returns the exit status (2: bad arguments or no agent, nothing run). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length != 3 || !(args[1].equals("count") || args[1].equals("timing"))) {
            err.println("usage: HotLoopSwaps THREADS count|timing SWAPS");
            return 2;
        }
        int threads;
        int swaps;
        try {
            threads = Integer.parseInt(args[0]);
            swaps = Integer.parseInt(args[2]);
        } catch (NumberFormatException e) {
            err.println("THREADS and SWAPS must be numbers: " + e.getMessage());
            return 2;
        }
        if (threads < 1 || threads > 256 || swaps < 0) {
            err.println("THREADS must be 1 to 256 and SWAPS at least 0");
            return 2;
        }
        if (!AgentControl.isInstalled()) {
            err.println("the quiesce agent is not loaded: add -javaagent:agent/target/quiesce-agent.jar");
            return 2;
        }
        ProbeControl control = AgentControl.control();
        String spec = args[1].equals("timing") ? "timing example.bench.Pricing#price hist name=hot-loop"
                : "entry example.bench.Pricing#price count name=hot-loop";
        List<Thread> busy = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                long s = 0;
                for (long i = 0; !stop; i++) {
                    s += Pricing.price(i);
                }
                sink = s;
            }, "hot-loop-" + t);
            th.setDaemon(true);
            th.start();
            busy.add(th);
        }
        Thread.sleep(1000); // compiled before the probe
        control.add(spec);
        Thread.sleep(1000);
        List<Double> gps = new ArrayList<>();
        try {
            for (int i = 0; i <= swaps; i++) {
                RemovalReport r = (i < swaps ? control.swap("hot-loop", spec) : control.remove("hot-loop"))
                        .get(10, TimeUnit.MINUTES);
                gps.add(r.gracePeriodNanos() / 1e6);
                out.println((i < swaps ? "swap " + i : "remove") + ": " + r);
            }
        } finally {
            stop = true;
            for (Thread th : busy) {
                th.join();
            }
        }
        List<Double> sorted = new ArrayList<>(gps);
        Collections.sort(sorted);
        long over100 = gps.stream().filter(g -> g > 100).count();
        out.println(String.format(Locale.ROOT,
                "grace periods (ms): min %.1f, median %.1f, max %.1f; %d of %d over 100 ms", sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), over100, gps.size()));
        return 0;
    }
}
