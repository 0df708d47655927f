package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.ChainNesting;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.spec.ActionKind;
import dev.quiesce.agent.spec.SiteKind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import dev.quiesce.rcu.TasksTraceRcu;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One version of a probe: what {@code add} links, and what each {@code swap} replaces. It builds its handler
 * method handles for each site it is linked to, and holds its counters.
 *
 * <p>Counters are written by handler threads ({@link ThreadCounts}, no lock, no atomic instruction on the
 * common path) and summed by anyone; once the version's grace
 * period has ended no handler of it runs, and the grace period's fences make every increment visible, so the
 * sums in its {@code RemovalReport} are exact. Fields: {@code sites} is L (the manager's lock);
 * {@code disabled} is a CAS flag (first failure past the limit wins); {@code closed} is volatile, written once
 * after the grace period.
 */
final class ProbeVersion {
    private final String probeName;
    private final int number;
    private final String specText;
    private final SiteKind kind;
    private final ActionKind action;
    /** {@code sample=}: a histogram times one invocation in this many (1: every one). */
    private final int sampleEvery;
    private final ProbeHandler customHandler;
    private final long errorLimit;
    /** The class loader of a handler loaded from a jar, closed with the version; null otherwise. */
    private final URLClassLoader handlerLoader;
    /** The domain a sleepable handler read-locks around each call; null for TASKS handlers. */
    private final TasksTraceRcu trace;
    /** Times a sample of the handlers' calls when the probe has an overhead budget; null otherwise. */
    private final CostMeter meter;
    /** The budget in microseconds per second (0: none of its own; a global one may still apply). */
    private final long budgetMicros;
    /**
     * The probe's slot, which handler-based chains read; the version is put there when it is linked. Null for
     * versions without a handler: their chains never read it, and a thread still in an old handler chain must
     * find a version with a handler there.
     */
    private final VersionSlot slot;
    private final Consumer<ProbeVersion> onErrorLimit;
    private final ThreadCounts hits = new ThreadCounts(1);
    private final ThreadCounts unpaired = new ThreadCounts(1);
    private final AtomicLong errors = new AtomicLong();
    private final Log2Histogram histogram;
    private final AtomicBoolean disabled = new AtomicBoolean();
    private final Set<LinkedSite> sites = new LinkedHashSet<>();
    private volatile Throwable lastError;
    /** The handlers' cost at the last budget check, in us per second; written by the release thread, -1 before. */
    private volatile double costMicrosPerSecond = -1;
    private volatile boolean closed;
    /**
     * Set once (a volatile store under L) when a call site's chain is about to hold this version's handler
     * together with another version's; never cleared; read by grace-period threads. Only versions alone in every
     * chain they were ever in serve as progress evidence (ChainProgress).
     */
    private volatile boolean everShared;
    /**
     * Set once, under L or in the constructor, when a hit of this version may run a chain inside its own (its
     * handler runs application code, or it is linked at a site in code the built-in handlers run); counted in
     * {@link ChainNesting} from then until {@link #close()}.
     */
    private volatile boolean nests;
    /**
     * Set (a volatile store under L) before a call site's chain that holds a sleepable version's handler links
     * this version: the domain whose read section that chain runs in, which this version's retirement waits for.
     * Never cleared; there is one such domain per agent.
     */
    private volatile TasksTraceRcu sleepableChainTrace;

    ProbeVersion(String probeName, int number, String specText, SiteKind kind, ActionKind action, int sampleEvery,
            ProbeHandler customHandler, long errorLimit, URLClassLoader handlerLoader, TasksTraceRcu trace,
            CostMeter meter, long budgetMicros, VersionSlot slot, Consumer<ProbeVersion> onErrorLimit) {
        this.probeName = probeName;
        this.number = number;
        this.specText = specText;
        this.kind = kind;
        this.action = action;
        this.sampleEvery = sampleEvery;
        this.customHandler = customHandler;
        this.errorLimit = errorLimit;
        this.handlerLoader = handlerLoader;
        this.trace = trace;
        this.meter = meter;
        this.budgetMicros = budgetMicros;
        this.slot = slot;
        this.onErrorLimit = onErrorLimit;
        this.histogram = action == ActionKind.HIST ? new Log2Histogram() : null;
        if (customHandler != null) { // before anything links it
            nests = true;
            ChainNesting.enter();
        }
    }

    String probeName() {
        return probeName;
    }

    int number() {
        return number;
    }

    String specText() {
        return specText;
    }

    SiteKind kind() {
        return kind;
    }

    /** L */
    Set<LinkedSite> sites() {
        return sites;
    }

    // ---- read side: called from handlers ----

    void hit() {
        hits.add(0);
    }

    void unpaired() {
        unpaired.add(0);
    }

    Log2Histogram histogram() {
        return histogram;
    }

    ProbeHandler customHandler() {
        return customHandler;
    }

    CostMeter meter() {
        return meter;
    }

    ActionKind action() {
        return action;
    }

    double costMicrosPerSecondVolatile() {
        return costMicrosPerSecond;
    }

    void setCostMicrosPerSecondVolatile(double cost) {
        costMicrosPerSecond = cost;
    }

    long budgetMicros() {
        return budgetMicros;
    }

    /**
     * True if swapping this version for {@code next} is a store into the probe's slot: both run through the
     * slot (handler-based), at the same kind of site, untimed (a timed swap changes the epoch, which is bound
     * into the chain), both sleepable or neither (a chain that holds a sleepable handler runs in a read section
     * and marks the versions beside it: only a relink makes or unmakes that). Budgets do not matter:
     * handler-based chains meter the version they load.
     */
    boolean swapsInSlotTo(ProbeVersion next) {
        return customHandler != null && next.customHandler != null && kind == next.kind
                && kind != SiteKind.TIMING && trace == next.trace;
    }

    /** Makes this the version the probe's handler-based chains run (manager's lock held); none without a handler. */
    void publishInSlot() {
        if (slot != null) {
            slot.svVersion(this);
        }
    }

    /** The probe's slot; null for a version without a handler. */
    VersionSlot slot() {
        return slot;
    }

    /** The capture action's handler, or null. */
    CaptureHandler capture() {
        return customHandler instanceof CaptureHandler c ? c : null;
    }

    /** The tasks-trace domain of a sleepable version, or null. */
    TasksTraceRcu trace() {
        return trace;
    }

    void failed(Throwable t) {
        lastError = t;
        if (errors.incrementAndGet() >= errorLimit && disabled.compareAndSet(false, true)) {
            onErrorLimit.accept(this); // only hands the disable to another thread: never blocks
        }
    }

    // ---- counters ----

    long hits() {
        return hits.sum(0);
    }

    long unpairedCount() {
        return unpaired.sum(0);
    }

    long errors() {
        return errors.get();
    }

    Throwable lastError() {
        return lastError;
    }

    long[] histogramSnapshot() {
        return histogram == null ? new long[0] : histogram.snapshot();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * After the grace period: no handler of this version runs again, so its handler's jar can be closed. Called
     * once, by the path that retires the version; returns false if it was closed already.
     */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        HandlerLoader.close(handlerLoader);
        if (nests) {
            ChainNesting.leave();
        }
        return true;
    }

    /**
     * True if a hit of this version may run code that is not the agent's built-in actions (a handler object, or
     * capture, which formats application objects): such code may call instrumented methods, so another chain can
     * run inside its chain.
     */
    boolean callsApplicationCode() {
        return customHandler != null;
    }

    /**
     * L, before a chain at a site in code the built-in handlers run (the JDK, the agent) links this version: the
     * built-in handlers of other chains may call that site, running this version's chain inside theirs.
     */
    void markNests() {
        if (!nests) {
            nests = true;
            ChainNesting.enter();
        }
    }

    /** The per-thread counters every hit of this version adds to (hits, unpaired exits). */
    ThreadCounts[] perThreadCounts() {
        return new ThreadCounts[] {hits, unpaired};
    }

    /** L: a chain about to be linked holds this version's handler and a sleepable version's of {@code trace}. */
    void markInSleepableChain(TasksTraceRcu trace) {
        sleepableChainTrace = trace;
    }

    /** The domain of the read sections of sleepable chains this version was linked in, or null. */
    TasksTraceRcu sleepableChainTraceVolatile() {
        return sleepableChainTrace;
    }

    /**
     * The tasks-trace domain whose grace period this version's retirement waits for after the tasks one, or null:
     * its own if it is sleepable, else that of the sleepable chains it was linked in (a thread blocked in such a
     * chain's sleepable handler has yet to run this version's).
     */
    TasksTraceRcu retirementTrace() {
        return trace != null ? trace : sleepableChainTrace;
    }

    boolean everSharedVolatile() {
        return everShared;
    }

    /** L: a chain is about to hold this version's handler and another version's. */
    void markShared() {
        everShared = true;
    }

    // ---- handler method handles for one site ----

    /** True if the entry target must stamp a token for this version. */
    boolean timed() {
        return kind == SiteKind.TIMING;
    }

    /**
     * How often the entry target must read the clock for this timing version: every invocation (1) for handlers
     * and capture (they get the latency), one in {@code sample=} for a histogram, never (0) for a count, whose
     * exit ignores the token.
     */
    int stampEvery() {
        if (customHandler != null) {
            return 1;
        }
        return switch (action) {
            case HIST -> sampleEvery;
            case COUNT -> 0;
            default -> 1;
        };
    }

    /** The entry handler, typed as the site's entry parameters returning void, or null. */
    MethodHandle entryHandler(MethodSite site) {
        if (kind != SiteKind.ENTRY) {
            return null;
        }
        List<Class<?>> params = site.entryType().parameterList();
        MethodHandle h;
        if (customHandler != null) { // a handler object, or capture
            h = MethodHandles.insertArguments(Handlers.CUSTOM_ENTRY, 0, slot, site); // (Object self, Object[])
            int argsAt = 1;
            if (site.isStatic()) {
                h = MethodHandles.insertArguments(h, 0, (Object) null);
                argsAt = 0;
            }
            h = h.asCollector(argsAt, Object[].class, params.size() - argsAt);
        } else {
            h = MethodHandles.dropArguments(hits.incrementer(0), 0, params);
        }
        return contained(h.asType(MethodType.methodType(void.class, params)));
    }

    /** The normal-exit handler, typed as the site's return type, or null. */
    MethodHandle returnHandler(MethodSite site, int epoch) {
        if (kind != SiteKind.RETURN && kind != SiteKind.EXIT && kind != SiteKind.TIMING) {
            return null;
        }
        return exitHandler(site.returnType(), Handlers.CUSTOM_RETURN, site, epoch);
    }

    /** The exceptional-exit handler, typed as the site's throw type, or null. */
    MethodHandle throwHandler(MethodSite site, int epoch) {
        if (kind != SiteKind.THROW && kind != SiteKind.EXIT && kind != SiteKind.TIMING) {
            return null;
        }
        return exitHandler(site.throwType(), Handlers.CUSTOM_THROW, site, epoch);
    }

    private MethodHandle exitHandler(MethodType type, MethodHandle custom, MethodSite site, int epoch) {
        int e = timed() ? epoch : 0;
        MethodHandle h;
        switch (customHandler != null ? ActionKind.HANDLER : action) { // capture runs as a handler object
            case HANDLER:
                h = MethodHandles.insertArguments(custom, 0, slot, site, e); // (value, long)
                if (type.parameterCount() == 1) {
                    h = MethodHandles.insertArguments(h, 0, (Object) null); // void method: no value
                }
                break;
            case HIST:
                h = MethodHandles.insertArguments(Handlers.TIME, 0, this, e); // (long)
                h = MethodHandles.dropArguments(h, 0, type.parameterList().subList(0, type.parameterCount() - 1));
                break;
            default: // COUNT
                h = MethodHandles.dropArguments(hits.incrementer(0), 0, type.parameterList());
        }
        return contained(h.asType(type));
    }

    /**
     * {@code h} with every throwable caught and counted (and its cost sampled if the probe has a budget). A
     * handler-based chain outlives this version when a swap stores another into the slot, so it binds the slot,
     * not this version: {@code Handlers} meters the version it loaded, and a failure around it (boxing the
     * arguments) is counted on the slot's version.
     */
    private MethodHandle contained(MethodHandle h) {
        if (meter != null && customHandler == null) {
            h = meter.wrap(h);
        }
        MethodHandle failed = customHandler != null ? Handlers.SLOT_FAILED.bindTo(slot) : Handlers.FAILED.bindTo(this);
        MethodHandle onFailure = MethodHandles.dropArguments(failed, 1, h.type().parameterList());
        return MethodHandles.catchException(h, Throwable.class, onFailure);
    }

    @Override
    public String toString() {
        return probeName + " v" + number;
    }
}
