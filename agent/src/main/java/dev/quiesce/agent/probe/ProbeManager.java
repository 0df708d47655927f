package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.boot.Sites;
import dev.quiesce.agent.boot.jfr.ProbeEvents;
import dev.quiesce.agent.instrument.ClassWeaver;
import dev.quiesce.agent.instrument.Retransformer;
import dev.quiesce.agent.instrument.SiteChooser;
import dev.quiesce.agent.instrument.Weaving;
import dev.quiesce.agent.spec.ActionKind;
import dev.quiesce.agent.spec.ProbeSpec;
import dev.quiesce.rcu.ReaderProgress;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.TasksRcuStats;
import dev.quiesce.rcu.TasksTraceRcu;
import dev.quiesce.wq.DedicatedWorker;
import dev.quiesce.wq.DelayedWork;
import dev.quiesce.wq.Work;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The probe lifecycle: add, swap, remove, detach; and the weaving policy the transformer follows.
 *
 * <p>Everything that changes probes or links sites runs under the manager's monitor (L): the control calls,
 * and the transformer when it weaves a class that concerns a probe (at class load, inside our own
 * retransformations, or inside another agent's). Nothing under the lock waits for another thread of the
 * application: no logging, no grace period, and no {@code retransformClasses}, which waits for any other
 * retransformation of the same class, whose transformer may be waiting for L. The manager's own
 * retransformations are serialized by {@code retransforming}, taken before L. Unlinking is a relink; freeing waits for a tasks-RCU grace period
 * ({@link TasksRcu#call}), after which the version is closed and its report, with final counts, completes the
 * future on the agent's release thread.
 *
 * <p>Fields: {@code probes}, {@code catalog} (except its lock-free name check), {@code detached} and
 * {@code stripping} are L; {@code active} is written under L and read by the transformer's lock-free check.
 */
public final class ProbeManager implements Weaving {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.agent");

    private final Instrumentation inst;
    private final TasksRcu rcu;
    private final Retransformer retransformer;
    private final DedicatedWorker release;
    private final SiteCatalog catalog = new SiteCatalog();
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private volatile List<Probe> active = List.of();
    /**
     * Serializes the manager's own retransformations (add, strip, detach), taken before L and never by the
     * transformer. L itself is never held across {@code retransformClasses}: another agent's retransformation
     * of a class runs our transformer, which takes L, while the JVM holds the class; a thread waiting in
     * {@code retransformClasses} for that class while holding L would deadlock with it.
     */
    private final java.util.concurrent.locks.ReentrantLock retransforming = new java.util.concurrent.locks.ReentrantLock();
    /**
     * Sites created by weaves inside this thread's retransformation in progress, dropped if it fails; set
     * only while the thread retransforms (the JVM runs the transformer on the thread that retransforms).
     * The list is touched by that thread only, under L.
     */
    private final ThreadLocal<List<Runnable>> undoCreated = new ThreadLocal<>();
    private boolean stripping;
    private boolean detached;
    /** L: created by the first sleepable probe, closed after detach's last report. */
    private TasksTraceRcu trace;
    private final Module bootModule = Sites.class.getModule();
    /** L: versions unlinked and waiting for their grace period, with the sites they were linked to. */
    private final Map<ProbeVersion, List<MethodSite>> retiring = new LinkedHashMap<>();
    /**
     * L: retirements whose version is not yet closed (reports not yet out), so that detach closes the release
     * thread and the tasks-trace domain only after the last of them, whoever started it.
     */
    private final Set<CompletableFuture<?>> unclosed = new java.util.HashSet<>();
    /** Evidence for grace periods from the handlers' per-thread counters of the current versions. */
    private final ChainProgress progress = new ChainProgress();
    /** Probe names by linked site ("class.method"), rebuilt under L after each change, read by stall reports. */
    private volatile Map<String, List<String>> namesBySite = Map.of();
    /** Weaves that failed (the class then kept its old code); racy counter for stats. */
    private volatile long weaveFailures;
    private final long stripAfterNanos;
    /** Scans for classes whose sites all stayed idle; queued on the release thread while any class is woven. */
    private final DelayedWork stripScan = new DelayedWork("strip idle sites", this::stripIdle);
    /** L: classes retransformed back because their sites stayed idle. */
    private long classesStripped;
    private final long globalBudgetMicros;
    /** Checks budgeted versions' cost once a second on the release thread while any is linked. */
    private final DelayedWork budgetCheck = new DelayedWork("check overhead budgets", this::checkBudgets);
    /** Release thread only: each metered version's call count at the previous check, and when it was taken. */
    private final Map<ProbeVersion, long[]> lastCalls = new java.util.WeakHashMap<>();
    static final long BUDGET_CHECK_NANOS = 1_000_000_000L;

    /**
     * @param stripAfterNanos how long every site of a woven class must stay idle before the class is
     *        retransformed back to its own code
     * @param globalBudgetMicros the handler time all probes together may cost, in microseconds per second of
     *        wall time, before the costliest is disabled; 0 for no global budget
     */
    public ProbeManager(Instrumentation inst, TasksRcu rcu, Retransformer retransformer, long stripAfterNanos,
            long globalBudgetMicros) {
        this.globalBudgetMicros = globalBudgetMicros;
        this.inst = inst;
        this.rcu = rcu;
        this.retransformer = retransformer;
        this.stripAfterNanos = stripAfterNanos;
        // completes removal futures, disables failing probes and strips idle classes, off handler threads
        this.release = DedicatedWorker.start("probe-release");
        rcu.readerFrames().add(Handlers.class);
    }

    // ---- lifecycle ----

    /**
     * Links a new probe: creates the sites it needs in loaded classes (one batch of retransformations), then
     * links it to every matching site.
     */
    public ProbeInfo add(ProbeSpec spec, ProbeHandler handler) {
        ProbeInfo info = addWithSites(spec, handler);
        ProbeEvents.added(info.name(), info.version(), info.spec(), info.sites()); // JFR, outside the locks
        return info;
    }

    private ProbeInfo addWithSites(ProbeSpec spec, ProbeHandler handler) {
        retransforming.lock();
        try {
            Probe p;
            List<Class<?>> need;
            synchronized (this) {
                checkAttached();
                if (probes.containsKey(spec.name())) {
                    throw new IllegalArgumentException("a probe named \"" + spec.name() + "\" exists already; "
                            + "remove it, swap it, or give the new one another name=");
                }
                checkAction(spec, handler);
                List<Class<?>> classes = loadedMatches(spec);
                p = new Probe(spec.name());
                p.link(spec, newVersion(p, spec, handler));
                probes.put(spec.name(), p);
                active = List.copyOf(probes.values()); // weaves from here on give the probe its sites
                need = classesMissingSites(spec, classes);
            }
            try {
                retransformCreatingSites(need);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (probes.get(spec.name()) == p) { // else removed meanwhile, and retired by its remover
                        probes.remove(spec.name());
                        active = List.copyOf(probes.values());
                        ProbeVersion v = p.current();
                        for (LinkedSite ls : List.copyOf(v.sites())) {
                            ls.detach(v);
                            ls.relink();
                        }
                        refreshNames();
                        // sites linked before the failure may still be running its handler
                        TasksTraceRcu tr = v.retirementTrace();
                        CompletableFuture<Void> closed = new CompletableFuture<>();
                        unclosed.add(closed);
                        Runnable close = () -> {
                            v.close();
                            synchronized (this) {
                                unclosed.remove(closed);
                            }
                            closed.complete(null);
                        };
                        rcu.call(tr == null ? close : () -> tr.call(close));
                    }
                }
                throw e;
            }
            synchronized (this) {
                if (probes.get(spec.name()) == p) {
                    ProbeVersion v = p.current(); // the added version, or one swapped in meanwhile
                    for (ClassSites cs : catalog.all()) {
                        for (LinkedSite ls : cs.sites().values()) {
                            MethodSite s = ls.site();
                            if (Matching.matches(spec, s.className(), s.methodName(), s.descriptor())
                                    && ls.attach(v)) {
                                ls.relink();
                            }
                        }
                    }
                    refreshNames();
                }
                return info(p);
            }
        } finally {
            retransforming.unlock();
        }
    }

    /**
     * Replaces a probe's version by one built from {@code spec} (same site kind and target), relinking each of
     * its sites once; the old version is retired like a removed one.
     */
    public CompletableFuture<RemovalReport> swap(String name, ProbeSpec spec, ProbeHandler handler) {
        ProbeVersion old;
        ProbeVersion v;
        boolean inSlot;
        int sites;
        long unlinkNanos;
        CompletableFuture<RemovalReport> f = new CompletableFuture<>();
        synchronized (this) {
            checkAttached();
            Probe p = probe(name);
            if (!Matching.sameTarget(p.spec(), spec)) {
                throw new IllegalArgumentException("swap keeps a probe's site kind and target (" + p.spec().site()
                        + " " + Matching.target(p.spec()) + "); remove it and add the new spec instead");
            }
            checkAction(spec, handler);
            old = p.current();
            v = newVersion(p, spec, handler);
            long t0 = System.nanoTime();
            List<LinkedSite> linked = List.copyOf(old.sites());
            inSlot = old.swapsInSlotTo(v);
            for (LinkedSite ls : linked) {
                ls.replace(old, v);
            }
            List<Runnable> links = new ArrayList<>();
            try {
                if (!inSlot) {
                    for (LinkedSite ls : linked) {
                        links.add(ls.prepare()); // every site composed before any is linked
                    }
                }
            } catch (RuntimeException | Error e) {
                for (LinkedSite ls : linked) {
                    ls.replace(v, old); // nothing was linked: the old version stays, whole
                }
                v.close(); // never linked
                throw e;
            }
            retiring.put(old, sitesOf(linked));
            if (inSlot && old.sleepableChainTraceVolatile() != null) {
                // Not relinked: the new version is in the old one's chains, beside the same sleepable handlers.
                v.markInSleepableChain(old.sleepableChainTraceVolatile());
            }
            if (!inSlot && v.slot() != null && v.slot().lvVersion() != old) {
                // The new chains read the slot, and no linked chain reads it (the old version has no handler; the
                // slot is empty, or holds a version retired before): it holds the new version before they are
                // linked, or their first hits would find no version, or a retired one. A slot that holds the old
                // version keeps it until after the links: its chains, still linked, must not run the new one, and
                // the new chains running the old one meanwhile are waited for like it.
                v.publishInSlot();
            }
            for (Runnable link : links) {
                link.run();
            }
            p.link(spec, v); // for handler-based chains, this store into the slot is the swap
            unclosed.add(f); // in the swap's hold of the lock: a detach that follows waits for it
            unlinkNanos = System.nanoTime() - t0;
            sites = linked.size();
            refreshNames();
        }
        ProbeEvents.swapped(name, old.number(), v.number(), v.specText(), sites, unlinkNanos, inSlot);
        return retire(old, "swapped", sites, unlinkNanos, inSlot, f);
    }

    /** Unlinks a probe; its version is closed and reported after a grace period. */
    public CompletableFuture<RemovalReport> remove(String name) {
        return remove(name, "removed");
    }

    private CompletableFuture<RemovalReport> remove(String name, String reason) {
        ProbeVersion v;
        int sites;
        long unlinkNanos;
        CompletableFuture<RemovalReport> f = new CompletableFuture<>();
        synchronized (this) {
            Probe p = probe(name);
            v = p.current();
            long t0 = System.nanoTime();
            sites = unlinkLocked(p);
            unlinkNanos = System.nanoTime() - t0;
            unclosed.add(f); // in the unlink's hold of the lock: a detach that follows waits for it
        }
        return retire(v, reason, sites, unlinkNanos, false, f);
    }

    /** Removes every probe. */
    public CompletableFuture<List<RemovalReport>> removeAll() {
        return removeAll("removed");
    }

    private CompletableFuture<List<RemovalReport>> removeAll(String reason) {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(probes.keySet());
        }
        List<CompletableFuture<RemovalReport>> fs = new ArrayList<>();
        for (String n : names) {
            try {
                fs.add(remove(n, reason));
            } catch (IllegalArgumentException gone) {
                // removed meanwhile by another caller, whose future reports it
            }
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]))
                .thenApply(x -> fs.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Removes every probe, then strips every site by retransforming the woven classes back. Afterwards the
     * manager refuses every call; the reports complete after the grace periods as usual.
     */
    public CompletableFuture<List<RemovalReport>> detach() {
        synchronized (this) {
            checkAttached();
            detached = true; // from here on add and swap are refused, so removeAll leaves nothing behind
        }
        stripScan.cancelSync(); // detach strips everything itself
        budgetCheck.cancelSync();
        CompletableFuture<List<RemovalReport>> reports = removeAll("detached");
        retransforming.lock();
        try {
            List<Class<?>> woven = new ArrayList<>();
            synchronized (this) {
                stripping = true; // weaves from here on, of any thread, leave classes alone
                for (Class<?> c : inst.getAllLoadedClasses()) {
                    if (catalog.mayHave(c.getName()) && catalog.get(c.getClassLoader(), c.getName()) != null
                            && inst.isModifiableClass(c)) {
                        woven.add(c);
                    }
                }
            }
            try {
                retransformer.retransform(woven);
            } finally {
                synchronized (this) {
                    catalog.clear();
                    active = List.of();
                }
            }
        } finally {
            retransforming.unlock();
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        all.add(reports);
        synchronized (this) {
            all.addAll(unclosed); // removals and swaps begun before detach: their grace periods may need the domain
        }
        CompletableFuture<List<RemovalReport>> done = new CompletableFuture<>();
        CompletableFuture<Void> everyReport = CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
        everyReport.whenComplete((x, failure) -> closeWorkers(() -> reports.whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(r);
            }
        })));
        return done;
    }

    /**
     * Stops the release thread and the tasks-trace domain once the last report is out, then runs {@code then}
     * (which completes detach's future, so a completed detach has nothing of the agent left running). The
     * reports complete on the release thread, which cannot close itself, so a short-lived thread does it; if
     * none can be started, {@code then} runs at once and the idle threads stay.
     */
    private void closeWorkers(Runnable then) {
        TasksTraceRcu tr;
        synchronized (this) {
            tr = trace;
        }
        // A FutureTask drops its task when it has run: a terminated Thread keeps its Runnable, and grace periods
        // may hold on to the Thread object (a sampled thread's clean mark), which would keep this loader alive.
        Thread t = new Thread(new java.util.concurrent.FutureTask<Void>(() -> {
            try {
                release.close();
                if (tr != null) {
                    tr.close(); // every sleepable version's trace grace period has ended: its report is out
                }
            } finally {
                then.run();
            }
        }, null), "quiesce-detach");
        t.setDaemon(true);
        try {
            t.start();
        } catch (OutOfMemoryError | IllegalThreadStateException e) {
            then.run();
        }
    }

    /**
     * Takes up to {@code max} captured events of a capture probe's linked version, oldest first.
     *
     * @throws IllegalArgumentException if there is no such probe or it does not capture
     */
    public List<CapturedEvent> events(String name, int max) {
        CaptureHandler c;
        synchronized (this) {
            c = probe(name).current().capture();
        }
        if (c == null) {
            throw new IllegalArgumentException("probe \"" + name + "\" records no events (its action is neither "
                    + "capture nor stack)");
        }
        List<CapturedEvent> out = new ArrayList<>();
        for (CapturedEvent e; out.size() < max && (e = c.ring().poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    /**
     * The latency histogram of a hist probe's linked version: log2 buckets, racy while it is linked.
     *
     * @throws IllegalArgumentException if there is no such probe or its action is not hist
     */
    public long[] histogram(String name) {
        ProbeVersion v;
        synchronized (this) {
            v = probe(name).current();
        }
        if (v.action() != ActionKind.HIST) {
            throw new IllegalArgumentException("probe \"" + name + "\" keeps no histogram (its action is "
                    + v.action().name().toLowerCase(java.util.Locale.ROOT) + ", not hist)");
        }
        return v.histogramSnapshot();
    }

    public synchronized List<ProbeInfo> list() {
        List<ProbeInfo> out = new ArrayList<>();
        for (Probe p : probes.values()) {
            out.add(info(p));
        }
        return out;
    }

    public synchronized AgentStats stats() {
        int classes = 0;
        int sites = 0;
        int idle = 0;
        for (ClassSites cs : catalog.all()) {
            classes++;
            for (LinkedSite ls : cs.sites().values()) {
                sites++;
                if (ls.versions().isEmpty()) {
                    idle++;
                }
            }
        }
        return new AgentStats(probes.size(), classes, sites, idle, classesStripped, weaveFailures,
                globalBudgetMicros);
    }

    // ---- stripping idle classes ----

    private void scheduleStripScan(long delayNanos) {
        try {
            release.queueDelayed(stripScan, java.time.Duration.ofNanos(Math.max(delayNanos, 1_000_000)));
        } catch (RuntimeException closed) {
            // detached: nothing to strip any more
        }
    }

    /**
     * On the release thread: retransforms back, in one paced batch, the classes whose sites have all been idle
     * for {@code stripAfterNanos}; queues itself again while woven classes remain. Each batch runs under the
     * lock, so a probe added meanwhile either sees the class's sites (and keeps it) or finds it stripped and
     * weaves it again. A batch that fails puts its classes back as they were.
     */
    private void stripIdle() {
        List<Class<?>> batch = new ArrayList<>();
        List<ClassSites> entries = new ArrayList<>();
        boolean more;
        retransforming.lock(); // no add runs between choosing the batch and retransforming it
        try {
            synchronized (this) {
                if (detached) {
                    return;
                }
                long now = System.nanoTime();
                Map<String, ClassSites> due = new java.util.HashMap<>();
                for (ClassSites cs : catalog.all()) {
                    if (cs.idleFor(now) >= stripAfterNanos) {
                        due.put(cs.className(), cs);
                    }
                }
                if (!due.isEmpty()) {
                    for (Class<?> c : inst.getAllLoadedClasses()) {
                        ClassSites cs = due.get(c.getName());
                        if (cs != null && catalog.get(c.getClassLoader(), c.getName()) == cs
                                && batch.size() < Retransformer.PACED_BATCH) {
                            batch.add(c);
                            entries.add(cs);
                        }
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        catalog.remove(batch.get(i).getClassLoader(), entries.get(i).className());
                    }
                }
            }
            if (!batch.isEmpty()) {
                try {
                    retransformer.retransform(batch);
                    synchronized (this) {
                        classesStripped += batch.size();
                    }
                } catch (RuntimeException e) {
                    synchronized (this) {
                        for (int i = 0; i < batch.size(); i++) {
                            ClassLoader loader = batch.get(i).getClassLoader();
                            if (catalog.get(loader, entries.get(i).className()) == null) { // else woven anew meanwhile
                                catalog.restore(loader, entries.get(i));
                            }
                        }
                    }
                    logLater(System.Logger.Level.WARNING, "stripping idle sites failed: " + e.getMessage());
                }
            }
            synchronized (this) {
                more = batch.size() == Retransformer.PACED_BATCH; // a full batch: there may be more due
                if (catalog.all().isEmpty()) {
                    return; // the next weave schedules a scan again
                }
            }
        } finally {
            retransforming.unlock();
        }
        scheduleStripScan(more ? Retransformer.PACE_NANOS : stripAfterNanos / 2);
    }

    // ---- the transformer's policy ----

    @Override
    public boolean concerns(String className) {
        if (catalog.mayHave(className)) {
            return true;
        }
        for (Probe p : active) {
            if (p.spec().classes().matches(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized byte[] weave(Module module, ClassLoader loader, String className, byte[] classFile) {
        if (stripping) {
            return null;
        }
        ClassSites existing = catalog.get(loader, className);
        List<Probe> matching = new ArrayList<>();
        for (Probe p : active) {
            if (p.spec().classes().matches(className)
                    && Refusals.reason(className, p.spec().options().force()) == null) {
                matching.add(p);
            }
        }
        if (existing == null && matching.isEmpty()) {
            return null;
        }
        Map<String, LinkedSite> created = new LinkedHashMap<>();
        List<List<String>> seen = new ArrayList<>(1);
        SiteChooser chooser = new SiteChooser() {
            @Override
            public MethodSite siteFor(String methodName, String descriptor, int access) {
                String key = methodName + descriptor;
                LinkedSite ls = existing == null ? null : existing.site(key);
                if (ls != null) {
                    return ls.site();
                }
                for (Probe p : matching) {
                    if (Matching.matchesMethod(p.spec(), methodName, descriptor)) {
                        MethodSite s = Sites.register(className, methodName, descriptor,
                                Modifier.isStatic(access));
                        created.put(key, new LinkedSite(s));
                        return s;
                    }
                }
                return null;
            }

            @Override
            public void methodsSeen(List<String> methodKeys) {
                seen.add(methodKeys);
            }
        };
        byte[] woven;
        try {
            woven = ClassWeaver.weave(classFile, chooser);
        } catch (RuntimeException | LinkageError e) {
            weaveFailures++;
            logLater(System.Logger.Level.WARNING, "cannot weave sites into " + className + ": " + e);
            return null;
        }
        if (woven == null) {
            return null;
        }
        ClassSites cs = catalog.getOrCreate(loader, className);
        cs.methods(seen.get(0));
        for (Map.Entry<String, LinkedSite> e : created.entrySet()) {
            LinkedSite ls = e.getValue();
            cs.sites().put(e.getKey(), ls);
            List<Runnable> undo = undoCreated.get();
            if (undo != null) { // woven by our own retransformation: dropped again if it fails
                undo.add(() -> cs.sites().remove(e.getKey(), ls));
            }
            MethodSite s = ls.site();
            for (Probe p : matching) {
                if (Matching.matchesMethod(p.spec(), s.methodName(), s.descriptor())) {
                    ls.attach(p.current());
                }
            }
            ls.relink();
        }
        if (!created.isEmpty()) {
            refreshNames();
            scheduleStripScan(stripAfterNanos / 2);
        }
        ensureReadsAgent(module);
        return woven;
    }

    // ---- internals ----

    /** L: the classes among {@code classes} that lack a site the spec needs. */
    private List<Class<?>> classesMissingSites(ProbeSpec spec, List<Class<?>> classes) {
        List<Class<?>> need = new ArrayList<>();
        for (Class<?> c : classes) {
            ClassSites cs = catalog.get(c.getClassLoader(), c.getName());
            if (cs == null || cs.methods() == null || missingSite(spec, cs)) {
                need.add(c);
            }
        }
        return need;
    }

    /**
     * Retransforms {@code need} so that the weaver creates their sites; not under L (see
     * {@link #retransforming}). A batch that fails drops the sites its weaves created.
     */
    private void retransformCreatingSites(List<Class<?>> need) {
        if (need.isEmpty()) {
            return;
        }
        List<Runnable> undo = new ArrayList<>();
        undoCreated.set(undo);
        try {
            retransformer.retransform(need, undo::clear); // a batch applied keeps its sites
        } catch (RuntimeException e) {
            synchronized (this) {
                undo.forEach(Runnable::run);
            }
            throw e;
        } finally {
            undoCreated.remove();
        }
    }

    private static boolean missingSite(ProbeSpec spec, ClassSites cs) {
        for (String key : cs.methods()) {
            int paren = key.indexOf('(');
            if (cs.site(key) == null
                    && Matching.matchesMethod(spec, key.substring(0, paren), key.substring(paren))) {
                return true;
            }
        }
        return false;
    }

    /** Loaded classes the spec may probe, with refusals and the class limit enforced. */
    private List<Class<?>> loadedMatches(ProbeSpec spec) {
        List<Class<?>> out = new ArrayList<>();
        boolean forced = spec.options().force();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !spec.classes().matches(c.getName())) {
                continue;
            }
            String refusal = Refusals.reason(c.getName(), forced);
            if (refusal != null) {
                if (spec.classes().isExact()) {
                    throw new IllegalArgumentException(refusal);
                }
                continue;
            }
            if (inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        int limit = spec.options().maxClasses();
        if (out.size() > limit) {
            throw new IllegalArgumentException("\"" + spec.classes().text() + "\" matches " + out.size()
                    + " loaded classes, more than maxClasses=" + limit + ": narrow the pattern, or add maxClasses="
                    + out.size() + " to instrument them all");
        }
        return out;
    }

    private static void checkAction(ProbeSpec spec, ProbeHandler handler) {
        switch (spec.action()) {
            case COUNT:
            case HIST:
            case CAPTURE:
            case STACK:
                if (handler != null) {
                    throw new IllegalArgumentException("a handler object needs action handler=<its class>");
                }
                return;
            case HANDLER:
                if (handler == null) {
                    return; // loaded from the spec's jar or the class path by newVersion
                }
                if (spec.handlerJar().isPresent()) {
                    throw new IllegalArgumentException("a handler object comes with no jar: drop jar= from the spec");
                }
                String expected = spec.handlerClass().orElse("");
                if (!handler.getClass().getName().equals(expected)) {
                    throw new IllegalArgumentException("the spec names handler " + expected
                            + " but the handler object is a " + handler.getClass().getName());
                }
                return;
            default:
                throw new IllegalArgumentException("unknown action " + spec.action());
        }
    }

    /** A new version of {@code p}; for a handler named by class, loads it (its class loader closes with it). */
    private ProbeVersion newVersion(Probe p, ProbeSpec spec, ProbeHandler handler) {
        ProbeHandler h = handler;
        java.net.URLClassLoader loader = null;
        int number = p.nextVersionNumber();
        if (spec.action() == ActionKind.CAPTURE || spec.action() == ActionKind.STACK) {
            h = new CaptureHandler(spec.options(), spec.action() == ActionKind.STACK, p.name(), number);
        } else if (spec.action() == ActionKind.HANDLER && h == null) {
            HandlerLoader.Loaded loaded = HandlerLoader.load(spec.name(), spec.handlerClass().orElseThrow(),
                    spec.handlerJar().orElse(null));
            h = loaded.handler();
            loader = loaded.loader();
        }
        boolean metered = spec.options().hasBudget() || globalBudgetMicros > 0;
        ProbeVersion v = new ProbeVersion(p.name(), number, spec.toText(), spec.site(),
                spec.action(), spec.options().sampleEvery(), h, spec.options().errorLimit(), loader, spec.options().sleepable() ? trace() : null,
                metered ? new CostMeter() : null, spec.options().budgetMicros(), h == null ? null : p.slot(this::trace),
                this::disableLater);
        if (metered) {
            scheduleBudgetCheck();
        }
        return v;
    }

    /** The evidence that lets grace periods clear threads whose every sample lands inside a chain. */
    public ReaderProgress progress() {
        return progress;
    }

    /** L: unlinks every site of the probe's version and forgets the probe; returns the number of sites. */
    private int unlinkLocked(Probe p) {
        ProbeVersion v = p.current();
        List<LinkedSite> linked = List.copyOf(v.sites());
        int[] at = new int[linked.size()];
        List<Runnable> links = new ArrayList<>();
        try {
            for (int i = 0; i < at.length; i++) {
                at[i] = linked.get(i).detach(v);
            }
            for (LinkedSite ls : linked) {
                links.add(ls.prepare()); // every site composed before any is linked
            }
        } catch (RuntimeException | Error e) {
            for (int i = 0; i < at.length; i++) {
                linked.get(i).reattach(at[i], v); // nothing was linked: the probe stays, whole
            }
            throw e;
        }
        probes.remove(p.name());
        active = List.copyOf(probes.values());
        retiring.put(v, sitesOf(linked));
        for (Runnable link : links) {
            link.run();
        }
        refreshNames();
        return linked.size();
    }

    /**
     * After a grace period: closes the version and completes the future with its final report.
     *
     * <ul>
     *   <li>Unlinked (removed, or swapped by a relink): a tasks grace period, after which no thread is still in a
     *       chain that reaches the version. A sleepable version then also waits for a tasks-trace grace period
     *       that starts after it: its handler may have blocked inside its read section, which a tasks grace
     *       period counts as quiescent.</li>
     *   <li>Swapped out of its slot ({@code slotOnly}): no chain changed; every hit that loaded this version did
     *       so inside a read section of the slot's domain, so a tasks-trace grace period alone (see
     *       {@link VersionSlot}).</li>
     * </ul>
     */
    private CompletableFuture<RemovalReport> retire(ProbeVersion v, String reason, int sites, long unlinkNanos,
            boolean slotOnly, CompletableFuture<RemovalReport> f) {
        TasksRcuStats before = rcu.stats();
        TasksTraceRcu slotTrace = slotOnly ? v.slot().trace() : null;
        long traceBefore = slotOnly ? slotTrace.stats().gracePeriodsCompleted() : 0;
        long t0 = System.nanoTime();
        Runnable finish = () -> {
            long gp = System.nanoTime() - t0;
            v.close();
            synchronized (this) {
                retiring.remove(v);
                if (v.slot() != null && v.slot().lvVersion() == v) {
                    // Swapped for a version without a handler: no chain reads the slot any more, and left there
                    // the version would keep its handler, and the handler's class loader, reachable.
                    v.slot().svVersion(null);
                }
                refreshNames();
            }
            TasksRcuStats after = rcu.stats();
            // a slot swap waited for tasks-trace grace periods only: no holdout to sample
            RemovalReport r = new RemovalReport(v.probeName(), v.number(), reason, sites, unlinkNanos, gp,
                    slotOnly ? slotTrace.stats().gracePeriodsCompleted() - traceBefore
                            : after.gracePeriodsCompleted() - before.gracePeriodsCompleted(),
                    slotOnly ? 0 : after.holdoutsSeen() - before.holdoutsSeen(),
                    slotOnly ? 0 : after.samplesTaken() - before.samplesTaken(),
                    v.hits(), v.errors(), v.unpairedCount(), v.histogramSnapshot(),
                    v.capture() == null ? 0 : v.capture().suppressed(),
                    v.capture() == null ? 0 : v.capture().ring().dropped());
            release.queue(new Work("complete " + v, () -> {
                ProbeEvents.removed(r);
                synchronized (this) {
                    unclosed.remove(f);
                }
                f.complete(r);
            }));
        };
        if (slotOnly) {
            slotTrace.call(finish);
        } else {
            TasksTraceRcu trace = v.retirementTrace();
            rcu.call(trace == null ? finish : () -> trace.call(finish));
        }
        return f;
    }

    /**
     * L: the domain every handler-based hit read-locks (the slot's load and the handler's run; a sleepable
     * handler may block inside), started with the first handler-based probe.
     */
    private TasksTraceRcu trace() {
        if (trace == null) {
            trace = TasksTraceRcu.create("probes-trace");
            // Every section of this domain is taken inside a site call (Handlers, under the instrumented
            // method's frame at the marker line): a thread sampled with no such frame left a section open, e.g.
            // when a StackOverflowError made its unlock's call impossible; its grace periods close it.
            String handlers = Handlers.class.getName();
            trace.closeSectionsLeftOpen(f -> f.getLineNumber() == SiteLines.MARKER
                    || f.getClassName().startsWith(handlers));
        }
        return trace;
    }

    /** From a handler thread: the version passed its error limit. Hands the removal to the release thread. */
    private void disableLater(ProbeVersion v) {
        try {
            release.queue(new Work("disable " + v, () -> disable(v)));
        } catch (RuntimeException | OutOfMemoryError e) {
            // runs inside a handler's failure path, which must never throw into the instrumented method; the
            // version keeps counting its errors and is removed with the rest at detach
        }
    }

    private void disable(ProbeVersion v) {
        disable(v, "disabled: its handler threw " + v.errors() + " times (last: " + v.lastError() + ")",
                "reached its error limit and is being disabled; its handler's last exception:", v.lastError());
    }

    /** On the release thread: removes {@code v} if it is still its probe's linked version, and logs why. */
    private void disable(ProbeVersion v, String reason, String logLine, Throwable cause) {
        CompletableFuture<RemovalReport> f;
        synchronized (this) {
            Probe p = probes.get(v.probeName());
            if (p == null || p.current() != v) {
                return; // removed or swapped meanwhile
            }
            f = remove(v.probeName(), reason);
        }
        ProbeEvents.disabled(v.probeName(), v.number(), reason, v.errors(), v.lastError());
        LOG.log(System.Logger.Level.WARNING, "probe " + v + " " + logLine, cause);
        f.thenAccept(r -> LOG.log(System.Logger.Level.INFO, r.toString()));
    }

    private void scheduleBudgetCheck() {
        try {
            release.queueDelayed(budgetCheck, java.time.Duration.ofNanos(BUDGET_CHECK_NANOS));
        } catch (RuntimeException closed) {
            // detached
        }
    }

    /**
     * On the release thread, once a second while metered versions are linked: each one's cost over the last
     * interval is its calls times its sampled mean call time; a version over its own budget is disabled, and
     * if all of them together exceed the global budget, the costliest is.
     */
    private void checkBudgets() {
        List<ProbeVersion> metered = new ArrayList<>();
        synchronized (this) {
            if (detached) {
                return;
            }
            for (Probe p : probes.values()) {
                if (p.current().meter() != null) {
                    metered.add(p.current());
                }
            }
        }
        if (metered.isEmpty()) {
            return; // the next metered version schedules a check again
        }
        long now = System.nanoTime();
        ProbeVersion costliest = null;
        double costliestRate = 0;
        double total = 0;
        for (ProbeVersion v : metered) {
            long calls = v.meter().calls();
            long[] last = lastCalls.put(v, new long[] {calls, now});
            double mean = v.meter().meanNanos();
            if (last == null || mean < 0 || now <= last[1]) {
                continue; // the first look at this version, or too few samples yet
            }
            double microsPerSecond = (calls - last[0]) * mean / 1000.0 * (1e9 / (now - last[1]));
            v.setCostMicrosPerSecondVolatile(microsPerSecond);
            total += microsPerSecond;
            if (microsPerSecond > costliestRate) {
                costliestRate = microsPerSecond;
                costliest = v;
            }
            if (v.budgetMicros() > 0 && microsPerSecond > v.budgetMicros()) {
                disable(v, String.format("disabled: over its overhead budget (%.0f us/s of handler time, budget %d us/s)",
                        microsPerSecond, v.budgetMicros()), "is over its overhead budget and is being disabled", null);
            }
        }
        if (globalBudgetMicros > 0 && total > globalBudgetMicros && costliest != null) {
            disable(costliest, String.format("disabled: probes together over the global overhead budget (%.0f us/s, "
                    + "budget %d us/s); this one cost %.0f us/s", total, globalBudgetMicros, costliestRate),
                    "is the costliest probe over the global overhead budget and is being disabled", null);
        }
        scheduleBudgetCheck();
    }



    /**
     * For stall reports: the probes linked at the sites a sampled stack is inside (frames at the marker line),
     * e.g. {@code probe slow-price at com.example.Checkout.price}; null if it is inside none. Lock-free.
     */
    public String describe(StackTraceElement[] stack) {
        Map<String, List<String>> names = namesBySite;
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : stack) {
            if (e.getLineNumber() == SiteLines.MARKER) {
                String site = e.getClassName() + "." + e.getMethodName();
                List<String> n = names.get(site);
                b.append(b.length() == 0 ? "" : "; ").append(n == null || n.isEmpty() ? "a probe already removed"
                        : (n.size() == 1 ? "probe " : "probes ") + String.join(", ", n)).append(" at ").append(site);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /**
     * L: republishes, per site, the probes linked there and how many of their versions are still waiting for
     * their grace period: {@code torture (linked, 403 older versions being removed)}. Bounded: a site lists
     * its first eight probes.
     */
    private void refreshNames() {
        List<ProbeVersion> current = new ArrayList<>();
        for (Probe p : probes.values()) {
            current.add(p.current());
        }
        progress.linked(current);
        Map<String, Map<String, int[]>> bySite = new java.util.HashMap<>(); // site -> probe -> {linked, retiring}
        for (Probe p : probes.values()) {
            for (LinkedSite ls : p.current().sites()) {
                entry(bySite, ls.site(), p.name())[0] = 1;
            }
        }
        for (Map.Entry<ProbeVersion, List<MethodSite>> e : retiring.entrySet()) {
            for (MethodSite s : e.getValue()) {
                entry(bySite, s, e.getKey().probeName())[1]++;
            }
        }
        Map<String, List<String>> m = new java.util.HashMap<>();
        for (Map.Entry<String, Map<String, int[]>> site : bySite.entrySet()) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, int[]> probe : site.getValue().entrySet()) {
                if (names.size() == 8) {
                    names.add("...");
                    break;
                }
                int[] c = probe.getValue();
                names.add(probe.getKey() + (c[1] == 0 ? "" : c[0] == 1
                        ? " (linked; " + c[1] + " older version(s) being removed)"
                        : " (" + c[1] + " version(s) being removed)"));
            }
            m.put(site.getKey(), List.copyOf(names));
        }
        namesBySite = Map.copyOf(m);
    }

    private static int[] entry(Map<String, Map<String, int[]>> bySite, MethodSite s, String probe) {
        return bySite.computeIfAbsent(s.className() + "." + s.methodName(), k -> new java.util.LinkedHashMap<>())
                .computeIfAbsent(probe, k -> new int[2]);
    }

    private static List<MethodSite> sitesOf(List<LinkedSite> linked) {
        List<MethodSite> out = new ArrayList<>(linked.size());
        for (LinkedSite ls : linked) {
            out.add(ls.site());
        }
        return out;
    }

    private void logLater(System.Logger.Level level, String message) {
        release.queue(new Work("log", () -> LOG.log(level, message)));
    }

    private void ensureReadsAgent(Module module) {
        if (module != null && module.isNamed() && !module.canRead(bootModule)) {
            inst.redefineModule(module, Set.of(bootModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private Probe probe(String name) {
        Probe p = probes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no probe named \"" + name + "\""
                    + (probes.isEmpty() ? " (no probes are linked)" : "; linked: " + String.join(", ", probes.keySet())));
        }
        return p;
    }

    private void checkAttached() {
        if (detached) {
            throw new IllegalStateException("the agent has detached; load it again to add probes");
        }
    }

    /** The probes linked now, read without the lock (for the JFR statistics hook, {@link ProbeJfr}). */
    List<Probe> linked() {
        return active;
    }

    private ProbeInfo info(Probe p) {
        ProbeVersion v = p.current();
        return new ProbeInfo(p.name(), p.spec().toText(), v.action().name().toLowerCase(java.util.Locale.ROOT),
                v.number(), v.sites().size(), v.hits(), v.errors(), v.budgetMicros(), v.costMicrosPerSecondVolatile());
    }
}
