package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The probe lifecycle in a JVM started with the agent: add, swap, remove on hot methods, under load. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeLifecycleIT {
    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    @AfterEach
    void removeEverything() {
        control.removeAll().join();
    }

    /** Makes {@code price} hot enough to be compiled before probes arrive. */
    private void warm() {
        long s = 0;
        for (int i = 0; i < 300_000; i++) {
            s += shop.price(i);
        }
        assertTrue(s != 0);
    }

    @Test
    void aCountProbeCountsEveryCallMadeWhileLinked() {
        warm();
        ProbeInfo info = control.add("entry example.shop.Shop#price count name=price-count");
        assertEquals(1, info.sites());
        assertEquals(1, info.version());
        for (int i = 0; i < 1000; i++) {
            shop.price(i);
        }
        RemovalReport r = control.remove("price-count").join();
        assertEquals(1000, r.hits());
        assertEquals("removed", r.reason());
        assertEquals(1, r.sites());
        assertTrue(r.gracePeriods() >= 1, r.toString());
        for (int i = 0; i < 1000; i++) {
            shop.price(i); // no probe: nothing counts, nothing breaks
        }
        assertTrue(control.list().isEmpty());
    }

    @Test
    void underConcurrentLoadTheFinalCountIsEveryHandlerInvocationAndNoneRunsAfterRemoval() throws Exception {
        warm();
        CountingHandler h = new CountingHandler();
        Hammer hammer = new Hammer(4, false, shop::price);
        try {
            control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=exact", h);
            Thread.sleep(300);
            RemovalReport r = control.remove("exact").join();
            h.closed = true; // from here on, an invocation of the handler is a violation
            long atRemoval = h.entries.sum();
            assertEquals(atRemoval, r.hits(), "hits counted by the probe == hits that entered its handler");
            assertTrue(r.hits() > 1000, r.toString());
            Thread.sleep(200); // the hammer keeps calling the method
            assertEquals(0, h.violations.get(), "a handler ran after its removal completed");
            assertEquals(atRemoval, h.entries.sum());
        } finally {
            hammer.stop();
        }
    }

    @Test
    void swapHandsEveryHitToExactlyOneVersion() throws Exception {
        warm();
        CountingHandler a = new CountingHandler();
        CountingHandler b = new CountingHandler();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=swapped", a);
        Hammer hammer = new Hammer(3, false, shop::price);
        Thread.sleep(200);
        long t0 = System.nanoTime();
        RemovalReport ofA = control.swap("swapped",
                "entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=swapped", b).join();
        long swapNanos = System.nanoTime() - t0;
        a.closed = true;
        Thread.sleep(200);
        long calls = hammer.stop();
        RemovalReport ofB = control.remove("swapped").join();
        b.closed = true;
        assertEquals("swapped", ofA.reason());
        assertEquals(1, ofA.version());
        assertEquals(2, ofB.version());
        assertEquals(a.entries.sum(), ofA.hits());
        assertEquals(b.entries.sum(), ofB.hits());
        assertEquals(calls, ofA.hits() + ofB.hits(), "every call was handled by exactly one version");
        assertEquals(0, a.violations.get() + b.violations.get());
        assertTrue(ofB.hits() > 0 && ofA.hits() > 0);
        assertTrue(swapNanos > 0);
    }

    @Test
    void aTimingHistogramProbeMeasuresEachCall() {
        control.add("timing example.shop.Shop#slow hist name=slow-hist");
        for (int i = 0; i < 20; i++) {
            shop.slow(2_000_000);
        }
        RemovalReport r = control.remove("slow-hist").join();
        assertEquals(20, r.hits());
        assertEquals(0, r.unpaired());
        long[] h = r.histogram();
        assertEquals(20, Arrays.stream(h).sum());
        int lowest = 0;
        while (h[lowest] == 0) {
            lowest++;
        }
        assertTrue(lowest >= 20, "2 ms sleeps land in bucket 2^20 ns or above, got " + Arrays.toString(h));
    }

    @Test
    void aSampledHistogramCountsEveryCallAndTimesAboutOneInN() {
        control.add("timing example.shop.Shop#price hist sample=8 name=sampled-hist");
        int calls = 80_000;
        for (int i = 0; i < calls; i++) {
            shop.price(i);
        }
        RemovalReport r = control.remove("sampled-hist").join();
        assertEquals(calls, r.hits(), "every call is a hit");
        assertEquals(0, r.unpaired());
        long timed = Arrays.stream(r.histogram()).sum();
        // One in 8 at random: 10,000 expected, standard deviation about 94; 800 is more than 8 of them.
        assertTrue(timed > 9_200 && timed < 10_800, "timed " + timed + " of " + calls);
        long[] h = r.histogram();
        for (int b = 40; b < h.length; b++) {
            assertEquals(0, h[b], "a latency of 2^" + b + " ns or more: an untimed token was measured");
        }
    }

    /** The sampled entry does not draw from ThreadLocalRandom, on which a probe may sit. */
    @Test
    void aSampledHistogramOnTheJdksRandomNumbersDoesNotCallItself() {
        control.add("timing java.util.Random#nextInt hist sample=8 name=random-hist");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 2000; i++) {
            random.nextInt(100);
        }
        RemovalReport r = control.remove("random-hist").join();
        assertTrue(r.hits() >= 2000, "hits: " + r.hits());
        assertEquals(0, r.errors());
    }

    @Test
    void aCountAtATimingSiteReadsNoClockAndStaysPaired() {
        control.add("timing example.shop.Shop#price count name=timed-count");
        for (int i = 0; i < 1000; i++) {
            shop.price(i);
        }
        RemovalReport r = control.remove("timed-count").join();
        assertEquals(1000, r.hits());
        assertEquals(0, r.unpaired());
    }

    /**
     * A swap from a built-in action to a handler-based one links chains that read the probe's version slot: the
     * slot must hold the new version before they run, or a hit finds it empty. Calls that enter during the swaps
     * must neither fail nor go uncounted.
     */
    @Test
    void swapsBetweenBuiltInAndHandlerActionsNeverFailACall() throws Exception {
        warm();
        control.add("timing example.shop.Shop#price count name=flip");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
        List<Thread> callers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                long k = 0;
                while (!stop.get()) {
                    try {
                        shop.price(k++);
                    } catch (Throwable e) {
                        thrown.compareAndSet(null, e);
                    }
                    calls.increment();
                }
            }, "caller-" + i);
            t.start();
            callers.add(t);
        }
        long hits = 0;
        try {
            for (int i = 0; i < 12; i++) {
                String action = i % 2 == 0 ? "capture rate=1/s" : "count";
                hits += control.swap("flip", "timing example.shop.Shop#price " + action + " name=flip").join().hits();
            }
        } finally {
            stop.set(true);
            for (Thread t : callers) {
                t.join();
            }
        }
        hits += control.remove("flip").join().hits();
        assertEquals(null, thrown.get(), "a call failed during the swaps");
        assertEquals(calls.sum(), hits, "every call handled by exactly one version");
    }

    @Test
    void exitProbesSeeReturnsAndThrows() {
        CountingHandler h = new CountingHandler();
        control.add("exit example.shop.Shop#discount handler=dev.quiesce.agent.it.CountingHandler name=exits", h);
        for (int i = -5; i < 10; i++) {
            try {
                Shop.discount(i);
            } catch (IllegalArgumentException expected) {
                // the method's own exception reaches its caller unchanged
            }
        }
        RemovalReport r = control.remove("exits").join();
        assertEquals(10, h.returns.sum());
        assertEquals(5, h.throwsSeen.sum());
        assertEquals(15, r.hits());
        assertEquals(0, h.entries.sum());
    }

    @Test
    void aThrowingHandlerIsContainedAndDisabledPastItsLimit() throws Exception {
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.ThrowingHandler name=bad errors=5",
                new ThrowingHandler());
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 31L + 7, shop.price(i), "the caller never sees the handler's exception");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!control.list().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(control.list().isEmpty(), "the probe was disabled: " + control.list());
        assertThrows(IllegalArgumentException.class, () -> control.remove("bad"));
    }

    @Test
    void aProbeOnAMethodRunningALongLoopIsRemovedWhileTheLoopRuns() throws Exception {
        Thread looper = new Thread(() -> shop.priceMany(Integer.MAX_VALUE / 4), "looper");
        looper.setDaemon(true);
        looper.start();
        Thread.sleep(100);
        control.add("entry example.shop.Shop#priceMany count name=loop");
        control.add("entry example.shop.Shop#price count name=inner");
        Thread.sleep(100);
        RemovalReport inner = control.remove("inner").join();
        RemovalReport outer = control.remove("loop").join();
        assertTrue(inner.hits() > 0, "the running loop calls the newly woven price: " + inner);
        assertEquals(0, outer.hits(), "the frame that was running keeps its old code");
        assertTrue(looper.isAlive());
        looper.interrupt();
    }

    @Test
    void aRemovedProbesHandlerClassLoaderBecomesUnreachable() throws Exception {
        warm();
        java.lang.ref.WeakReference<ClassLoader> loader = addAndRemoveIsolatedHandler();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            shop.price(i);
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(loader.get() == null, "the agent still holds the removed handler's class loader");
    }

    /** The probe stays, with a count version: its slot must not keep the swapped-out handler reachable. */
    @Test
    void aHandlerSwappedForACountLeavesNothingHoldingItsClassLoader() throws Exception {
        java.lang.ref.WeakReference<ClassLoader> loader = addIsolatedHandlerAndSwapItForACount();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            shop.price(i);
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(loader.get() == null, "the swapped-out handler's class loader is still reachable");
        assertTrue(control.remove("isolated-swap").join().hits() > 0);
    }

    private java.lang.ref.WeakReference<ClassLoader> addIsolatedHandlerAndSwapItForACount() throws Exception {
        ClassLoader isolated = new IsolatedLoader(CountingHandler.class);
        dev.quiesce.agent.boot.ProbeHandler h = (dev.quiesce.agent.boot.ProbeHandler)
                isolated.loadClass(CountingHandler.class.getName()).getConstructor().newInstance();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=isolated-swap", h);
        for (int i = 0; i < 1000; i++) {
            shop.price(i);
        }
        assertEquals(1000, control.swap("isolated-swap", "entry example.shop.Shop#price count name=isolated-swap")
                .join().hits());
        return new java.lang.ref.WeakReference<>(isolated);
    }

    private java.lang.ref.WeakReference<ClassLoader> addAndRemoveIsolatedHandler() throws Exception {
        ClassLoader isolated = new IsolatedLoader(CountingHandler.class);
        dev.quiesce.agent.boot.ProbeHandler h = (dev.quiesce.agent.boot.ProbeHandler)
                isolated.loadClass(CountingHandler.class.getName()).getConstructor().newInstance();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=isolated", h);
        for (int i = 0; i < 200_000; i++) {
            shop.price(i); // hot: compiled code inlines the handler chain
        }
        assertEquals(200_000, control.remove("isolated").join().hits());
        return new java.lang.ref.WeakReference<>(isolated);
    }

    @Test
    void aHandlerFromAJarRunsInItsOwnLoaderWhichIsDroppedAfterRemoval() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("quiesce-handler-", ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(jar));
                java.io.InputStream in = JarHandler.class.getResourceAsStream("JarHandler.class")) {
            out.putNextEntry(new java.util.jar.JarEntry("dev/quiesce/agent/it/JarHandler.class"));
            in.transferTo(out);
        }
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.JarHandler jar=" + jar
                + " name=from-jar");
        @SuppressWarnings("unchecked")
        java.lang.ref.WeakReference<ClassLoader> loader =
                (java.lang.ref.WeakReference<ClassLoader>) System.getProperties().get(JarHandler.LOADER);
        assertTrue(loader.get() != JarHandler.class.getClassLoader(), "the handler came from the jar");
        assertEquals("quiesce-probe-from-jar", loader.get().getName());
        for (int i = 0; i < 500; i++) {
            shop.price(i);
        }
        RemovalReport r = control.remove("from-jar").join();
        assertEquals(500, r.hits());
        assertEquals(500L, ((java.util.concurrent.atomic.AtomicLong) System.getProperties().get(JarHandler.COUNT)).get());
        System.getProperties().remove(JarHandler.COUNT);
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(loader.get() == null, "the removed probe's handler class loader is still reachable");
        java.nio.file.Files.delete(jar); // closed with the version: deletable
    }

    @Test
    void badHandlerSpecsSayWhatIsWrongAndChangeNothing() throws Exception {
        IllegalArgumentException missingJar = assertThrows(IllegalArgumentException.class, () -> control.add(
                "entry example.shop.Shop#price handler=com.acme.Nope jar=/nonexistent/h.jar"));
        assertTrue(missingJar.getMessage().contains("not a readable file"), missingJar.getMessage());
        IllegalArgumentException missingClass = assertThrows(IllegalArgumentException.class, () -> control.add(
                "entry example.shop.Shop#price handler=com.acme.Nope"));
        assertTrue(missingClass.getMessage().contains("not found"), missingClass.getMessage());
        IllegalArgumentException notAHandler = assertThrows(IllegalArgumentException.class, () -> control.add(
                "entry example.shop.Shop#price handler=example.shop.Shop"));
        assertTrue(notAHandler.getMessage().contains("does not implement"), notAHandler.getMessage());
        assertTrue(control.list().isEmpty());
    }

    /** This JVM strips a class whose sites stayed idle for 0.4 s (agent argument stripAfterMillis=400). */
    @Test
    void aClassWhoseSitesStayIdleIsStrippedAndWovenAgainWhenAProbeNeedsIt() throws Exception {
        control.add("entry example.shop.Idle#work count name=idle-1");
        assertEquals(2, example.shop.Idle.work(1));
        assertEquals(1, control.remove("idle-1").join().hits());
        long before = control.stats().classesStripped();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (control.stats().classesStripped() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(control.stats().classesStripped() > before, "not stripped: " + control.stats());
        assertEquals(2, example.shop.Idle.work(1));
        control.add("entry example.shop.Idle#work count name=idle-2");
        for (int i = 0; i < 3; i++) {
            example.shop.Idle.work(i);
        }
        assertEquals(3, control.remove("idle-2").join().hits(), "woven again for the new probe");
    }

    @Test
    void aFileOfSpecsIsAddedWholeOrNotAtAll() {
        List<ProbeInfo> added = control.addAll("probes.txt", """
                # two probes
                entry example.shop.Shop#price count name=f1

                exit example.shop.Shop#discount count name=f2
                """);
        assertEquals(List.of("f1", "f2"), added.stream().map(ProbeInfo::name).toList());
        control.removeAll().join();
        List<ProbeInfo> json = control.addAll("probes.json", """
                {"probes": [{"name": "j1", "site": "entry", "class": "example.shop.Shop", "method": "price",
                             "action": "count"}]}
                """);
        assertEquals("j1", json.get(0).name());
        control.removeAll().join();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> control.addAll("p.txt",
                "entry example.shop.Shop#price count name=ok\nentry example.shop.Shop#price cnt name=bad\n"));
        assertTrue(bad.getMessage().startsWith("p.txt:2:"), bad.getMessage());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> control.addAll("p.txt",
                "entry example.shop.Shop#price count name=ok\nentry java.util.**#size count maxClasses=2\n"));
        assertTrue(refused.getMessage().contains("probe 2 of 2 could not be added, so none was"),
                refused.getMessage());
        assertTrue(control.list().isEmpty(), "nothing stays from a file that failed: " + control.list());
    }

    @Test
    void captureProbesRecordArgumentsValuesAndExceptionsWithinTheirLimits() {
        control.add("entry example.shop.Shop#price capture name=args");
        shop.price(42);
        List<dev.quiesce.agent.boot.CapturedEvent> args = control.events("args", 10);
        assertEquals(1, args.size());
        assertEquals("entry", args.get(0).kind());
        assertEquals("[42]", args.get(0).text()); // the arguments; the receiver is not one of them
        assertEquals(Thread.currentThread().getName(), args.get(0).thread());
        assertTrue(control.events("args", 10).isEmpty(), "drained");

        control.add("exit example.shop.Shop#discount capture sample=2 limit=4 name=exits");
        for (int i = -6; i < 14; i++) {
            try {
                Shop.discount(i);
            } catch (IllegalArgumentException expected) {
                // the method's own exception
            }
        }
        List<dev.quiesce.agent.boot.CapturedEvent> exits = control.events("exits", 100);
        assertEquals(4, exits.size(), exits.toString()); // 20 hits, every other one sampled, 4 at most
        assertTrue(exits.stream().anyMatch(e -> e.kind().equals("throw")
                && e.text().startsWith("java.lang.IllegalArgumentException: negative discount")), exits.toString());
        RemovalReport r = control.remove("exits").join();
        assertEquals(20, r.hits());
        assertEquals(16, r.suppressed());
        assertEquals(0, r.dropped());

        control.add("timing example.shop.Shop#slow capture maxBytes=16 name=short");
        shop.slow(1000);
        dev.quiesce.agent.boot.CapturedEvent e = control.events("short", 1).get(0);
        assertEquals("\"done\"", e.text());
        assertTrue(e.nanos() >= 0, e.toString());
        IllegalArgumentException notCapture = assertThrows(IllegalArgumentException.class,
                () -> control.events("nope", 1));
        assertTrue(notCapture.getMessage().contains("no probe named"), notCapture.getMessage());
    }

    @Test
    void stackProbesRecordFoldedStacksRootFirst() {
        control.add("entry example.shop.Shop#price stack depth=3 name=stacks");
        callPriceThroughAHelper();
        List<dev.quiesce.agent.boot.CapturedEvent> stacks = control.events("stacks", 10);
        assertEquals(1, stacks.size());
        assertEquals("stack", stacks.get(0).kind());
        assertEquals(ProbeLifecycleIT.class.getName() + ".stackProbesRecordFoldedStacksRootFirst;"
                + ProbeLifecycleIT.class.getName() + ".callPriceThroughAHelper;example.shop.Shop.price",
                stacks.get(0).text());
        assertEquals(1, control.remove("stacks").join().hits());
    }

    private void callPriceThroughAHelper() {
        shop.price(7);
    }

    /** Spends about 20 us per call: far over a budget of 2 ms of handler time per second under load. */
    public static class CostlyHandler implements dev.quiesce.agent.boot.ProbeHandler {
        @Override
        public void onEntry(dev.quiesce.agent.boot.MethodSite site, Object self, Object[] args) {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aProbeOverItsOverheadBudgetIsDisabledAndACheapOneStays() throws Exception {
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.ProbeLifecycleIT$CostlyHandler "
                + "budget=2000 name=costly", new CostlyHandler());
        control.add("entry example.shop.Shop#discount count budget=1000000 name=cheap");
        Hammer hammer = new Hammer(1, false, i -> shop.price(i) + Shop.discount((int) (i & 63)));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (control.list().stream().anyMatch(p -> p.name().equals("costly")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            hammer.stop();
        }
        List<String> left = control.list().stream().map(ProbeInfo::name).toList();
        assertEquals(List.of("cheap"), left, "the costly probe is disabled, the cheap one stays");
        assertTrue(control.remove("cheap").join().hits() > 0);
    }

    @Test
    void badSpecsAndUnknownNamesChangeNothing() {
        int before = control.list().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> control.add("entri example.shop.Shop#price count"));
        assertTrue(e.getMessage().contains("entri"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> control.remove("nope"));
        assertThrows(IllegalArgumentException.class, () -> control.swap("nope", "entry example.shop.Shop#price count"));
        control.add("entry example.shop.Shop#price count name=dup");
        assertThrows(IllegalArgumentException.class, () -> control.add("entry example.shop.Shop#price count name=dup"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> control.swap("dup", "exit example.shop.Shop#price count name=dup"));
        assertTrue(other.getMessage().contains("keeps a probe's site kind and target"), other.getMessage());
        assertEquals(before + 1, control.list().size());
    }

    @Test
    void theAgentsOwnDispatchAndJdkInternalsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> control.add("entry dev.quiesce.agent.boot.Sites#get count"));
        assertTrue(e.getMessage().contains("recurse"), e.getMessage());
        IllegalArgumentException lock = assertThrows(IllegalArgumentException.class,
                () -> control.add("entry java.util.concurrent.locks.ReentrantLock#lock count"));
        assertTrue(lock.getMessage().contains("force=true"), lock.getMessage());
        assertTrue(control.list().isEmpty());
    }

    @Test
    void aPatternOverTheClassLimitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> control.add("entry java.util.**#size count maxClasses=3"));
        assertTrue(e.getMessage().contains("more than maxClasses=3"), e.getMessage());
        assertTrue(control.list().isEmpty());
    }

    @Test
    void aProbeOnAClassNotYetLoadedLinksWhenItLoads() throws Exception {
        ProbeInfo info = control.add("entry example.shop.LateLoaded#hello count name=late");
        assertEquals(0, info.sites());
        Class<?> c = Class.forName("example.shop.LateLoaded");
        Object o = c.getConstructor().newInstance();
        for (int i = 0; i < 7; i++) {
            c.getMethod("hello").invoke(o);
        }
        List<ProbeInfo> l = control.list();
        assertEquals(1, l.get(0).sites());
        assertEquals(7, control.remove("late").join().hits());
        assertFalse(control.list().stream().anyMatch(p -> p.name().equals("late")));
    }
}
