package example.scenario;

import example.counting.CountingAgent;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM's script for quiesce next to a second agent ({@link CountingAgent}) that instruments the same
 * method, {@link Checkout#price}: whatever the order the two agents were loaded in, a quiesce count probe
 * counts exactly the calls made while it is linked, and the other agent's counter keeps counting exactly
 * every call through quiesce's add, swap, remove, idle-site strip and detach (each a retransformation or none,
 * in which the other agent's transformer takes part again). Every call's result is checked.
 *
 * <p>Arguments: {@code strip} (quiesce runs with a short {@code stripAfterMillis}: wait for the idle class to be
 * stripped, then weave it again with a new probe and detach with that probe linked), {@code retransform} (the
 * other agent retransforms the class while quiesce's probe is linked), {@code concurrent} (quiesce's add
 * retransforms the class while the other agent's retransformation of it is held in progress). Prints "SCENARIO OK" when every count
 * adds up; exits 1 with the reason otherwise.
 */
public final class SecondAgentScenario {
    static final int N = 20_000; // enough for the callers and the method to be compiled by C2
    static final String SPEC = "entry example.scenario.Checkout#price count name=price";
    static final String SPEC_AGAIN = "entry example.scenario.Checkout#price count name=price-again";

    private static Object control;

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        boolean strip = flags.contains("strip");
        boolean otherRetransforms = flags.contains("retransform");
        boolean concurrent = flags.contains("concurrent");
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        check(CountingAgent.installed(), "the counting agent is not installed");
        Class.forName(Checkout.class.getName(), true, SecondAgentScenario.class.getClassLoader());
        check(CountingAgent.transforms() == 1, "the counting agent instrumented " + CountingAgent.transforms()
                + " class files of " + Checkout.class.getName() + " at load, expected 1");
        calls("before quiesce's probe", N);

        control = AgentInChild.awaitAgent(TimeUnit.SECONDS.toNanos(60));
        stats("quiesce running");
        long transforms = CountingAgent.transforms();
        Object info = concurrent ? addWhileTheOtherAgentRetransforms() : invoke("add", SPEC);
        System.out.println("added " + info);
        check((Integer) get(info, "sites") == 1, "the probe was linked to " + get(info, "sites") + " sites, not 1");
        transforms = transformedAgain("add (a retransformation that weaves the sites)", transforms);
        calls("probe v1 linked", N);
        long expectV1 = N;
        if (otherRetransforms) {
            CountingAgent.retransform();
            transforms = transformedAgain("the counting agent's own retransformation", transforms);
            calls("probe v1 linked, after the counting agent's retransformation", N);
            expectV1 += N;
        }

        Object v1 = AgentInChild.join(invoke("swap", "price", SPEC));
        System.out.println(v1);
        checkReport(v1, "swapped", expectV1);
        notTransformed("swap", transforms);
        calls("probe v2 linked", N);

        Object v2 = AgentInChild.join(invoke("remove", "price"));
        System.out.println(v2);
        checkReport(v2, "removed", N);
        notTransformed("remove", transforms);
        calls("probe removed, its sites idle", N);

        if (strip) {
            awaitStrip(TimeUnit.SECONDS.toNanos(20));
            transforms = transformedAgain("the idle-site strip", transforms);
            calls("class stripped by quiesce", N);
            info = invoke("add", SPEC_AGAIN);
            System.out.println("added " + info);
            check((Integer) get(info, "sites") == 1, "the probe was linked to " + get(info, "sites") + " sites");
            transforms = transformedAgain("add after the strip", transforms);
            calls("probe price-again linked", N);
        } else {
            Object s = stats("probe removed");
            check((Integer) get(s, "wovenClasses") == 1 && (Long) get(s, "classesStripped") == 0,
                    "expected one woven class and none stripped: " + s);
        }

        @SuppressWarnings("unchecked")
        List<Object> reports = (List<Object>) AgentInChild.join(invoke("detach"));
        reports.forEach(System.out::println);
        if (strip) {
            check(reports.size() == 1, "detach reported " + reports);
            checkReport(reports.get(0), "detached", N);
        } else {
            check(reports.isEmpty(), "detach reported " + reports);
        }
        Class<?> agentControl = Class.forName("dev.quiesce.agent.boot.AgentControl");
        check(!(Boolean) agentControl.getMethod("isInstalled").invoke(null), "quiesce is still installed");
        transforms = transformedAgain("detach (a retransformation back to the class's own code)", transforms);
        calls("quiesce detached", N);

        CountingAgent.retransform();
        transformedAgain("the counting agent's retransformation after the detach", transforms);
        calls("after the counting agent's retransformation, quiesce detached", N);
        check(CountingAgent.failure() == null, "the counting agent failed: " + CountingAgent.failure());
        System.out.println("SCENARIO OK");
        System.exit(0);
    }

    /**
     * The other agent retransforms the class and is held inside its transformer (the JVM marks the class as
     * being redefined by that thread) while quiesce's add, on another thread, retransforms the same class.
     * When the other agent's transformer runs before quiesce's, its retransformation reaches quiesce's
     * transformer only after the hold: both must then finish.
     */
    private static Object addWhileTheOtherAgentRetransforms() throws Exception {
        CountingAgent.holdNextRetransformation();
        Object[] added = new Object[1];
        Throwable[] failed = new Throwable[2];
        Thread other = new Thread(() -> {
            try {
                CountingAgent.retransform();
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "other-agent-retransform");
        Thread adder = new Thread(() -> {
            try {
                added[0] = invoke("add", SPEC);
            } catch (Throwable t) {
                failed[1] = t;
            }
        }, "quiesce-add");
        other.setDaemon(true);
        adder.setDaemon(true);
        other.start();
        check(CountingAgent.awaitHeld(10, TimeUnit.SECONDS), "the other agent's retransformation was not held");
        adder.start();
        Thread.sleep(500); // add takes quiesce's lock and retransforms the class, held by the other thread
        CountingAgent.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : List.of(other, adder)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (other.isAlive() || adder.isAlive()) {
            for (Thread t : List.of(other, adder)) {
                System.out.println("thread " + t.getName() + " " + t.getState() + ":");
                for (StackTraceElement e : t.getStackTrace()) {
                    System.out.println("    at " + e);
                }
            }
            fail("DEADLOCK: quiesce's add and the other agent's retransformation of the same class are still "
                    + "running 10 s after the hold was released");
        }
        check(failed[0] == null, "the other agent's retransformation failed: " + failed[0]);
        check(failed[1] == null, "quiesce's add failed: " + failed[1]);
        return added[0];
    }

    /** Calls the method {@code n} times: every result right, and the counting agent saw exactly n calls. */
    private static void calls(String step, int n) {
        long before = CountingAgent.hits();
        for (int i = 0; i < n; i++) {
            long r = Checkout.price(i);
            if (r != i * 31L + 7) {
                fail(step + ": price(" + i + ") returned " + r);
            }
        }
        long counted = CountingAgent.hits() - before;
        check(counted == n, step + ": the counting agent counted " + counted + " of " + n + " calls");
        check(CountingAgent.failure() == null, step + ": the counting agent failed: " + CountingAgent.failure());
        System.out.println(step + ": " + n + " calls, counted by the counting agent");
    }

    private static long transformedAgain(String step, long before) {
        long now = CountingAgent.transforms();
        check(now > before, step + ": the counting agent's transformer did not run again (" + now + " transforms)");
        return now;
    }

    private static void notTransformed(String step, long before) {
        long now = CountingAgent.transforms();
        check(now == before, step + " retransformed the class (" + (now - before) + " transforms)");
    }

    private static void checkReport(Object report, String reason, long hits) throws Exception {
        check(reason.equals(get(report, "reason")), "expected reason " + reason + ": " + report);
        check((Long) get(report, "hits") == hits, "expected " + hits + " hits: " + report);
    }

    private static void awaitStrip(long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            Object s = invoke("stats");
            if ((Long) get(s, "classesStripped") >= 1 && (Integer) get(s, "wovenClasses") == 0) {
                System.out.println("stripped: " + s);
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the idle class was not stripped: " + s);
            }
            Thread.sleep(20);
        }
    }

    private static Object stats(String step) throws Exception {
        Object s = invoke("stats");
        System.out.println(step + ": " + s);
        return s;
    }

    /** Calls the {@code ProbeControl} method of that name taking only strings. */
    private static Object invoke(String name, String... args) throws Exception {
        Class<?> api = Class.forName("dev.quiesce.agent.boot.ProbeControl");
        Class<?>[] types = new Class<?>[args.length];
        Arrays.fill(types, String.class);
        Method m = api.getMethod(name, types);
        return m.invoke(control, (Object[]) args);
    }

    private static Object get(Object record, String component) throws Exception {
        return record.getClass().getMethod(component).invoke(record);
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
