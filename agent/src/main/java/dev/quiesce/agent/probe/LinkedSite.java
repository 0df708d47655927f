package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.SiteTokens;
import dev.quiesce.rcu.TasksTraceRcu;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

/**
 * A method site with the probe versions linked to it, and the composition of their handlers into the three
 * targets. All state is L (the manager's lock).
 *
 * <p>The entry target runs the entry handlers in link order, then returns a token: stamped with the timing
 * epoch if any linked version is timed, else {@code 0}. The epoch changes only when the set of timed
 * versions changes, so linking an unrelated probe does not turn in-flight timed invocations into unpaired
 * ones.
 */
final class LinkedSite {
    private final MethodSite site;
    private final List<ProbeVersion> versions = new ArrayList<>();
    private List<ProbeVersion> timedAtLastLink = List.of();

    LinkedSite(MethodSite site) {
        this.site = site;
    }

    MethodSite site() {
        return site;
    }

    List<ProbeVersion> versions() {
        return versions;
    }

    /** Links {@code v}; false if it was linked already. Call {@link #relink()} after. */
    boolean attach(ProbeVersion v) {
        if (versions.contains(v)) {
            return false;
        }
        versions.add(v);
        v.sites().add(this);
        return true;
    }

    /** Replaces {@code old} by {@code replacement} in place (same position). */
    void replace(ProbeVersion old, ProbeVersion replacement) {
        int i = versions.indexOf(old);
        if (i >= 0) {
            versions.set(i, replacement);
            old.sites().remove(this);
            replacement.sites().add(this);
        }
    }

    /** Unlinks {@code v} from the list; returns where it was (-1 if it was not there). Call {@link #relink()} after. */
    int detach(ProbeVersion v) {
        int i = versions.indexOf(v);
        if (i >= 0) {
            versions.remove(i);
        }
        v.sites().remove(this);
        return i;
    }

    /** Puts back a version {@link #detach} took out, where it was. */
    void reattach(int index, ProbeVersion v) {
        if (index >= 0 && !versions.contains(v)) {
            versions.add(Math.min(index, versions.size()), v);
            v.sites().add(this);
        }
    }

    /** Composes and links the targets for the versions now attached. */
    void relink() {
        prepare().run();
    }

    /**
     * Composes the targets for the versions now attached and returns the step that links them. Whatever can fail
     * (building the method handles) happens here, before anything a thread can see has changed, so that an
     * operation over several sites can prepare them all and link none if one fails. Only marks that make the
     * versions' retirement more careful are set here (shared, nesting, sleepable chain). Run the step under the
     * same hold of the manager's lock.
     */
    Runnable prepare() {
        if (versions.isEmpty()) {
            MethodSite.Targets none = site.adapt(null, null, null);
            int epoch = site.timingEpoch();
            return () -> {
                site.link(none, epoch);
                timedAtLastLink = List.of();
            };
        }
        List<ProbeVersion> timed = new ArrayList<>();
        for (ProbeVersion v : versions) {
            if (v.timed()) {
                timed.add(v);
            }
        }
        int epoch = site.timingEpoch();
        if (!timed.equals(timedAtLastLink)) {
            epoch = SiteTokens.nextEpoch(epoch);
        }
        List<MethodHandle> entry = new ArrayList<>();
        List<MethodHandle> ret = new ArrayList<>();
        List<MethodHandle> thr = new ArrayList<>();
        List<ProbeVersion> inEntry = new ArrayList<>();
        List<ProbeVersion> inRet = new ArrayList<>();
        List<ProbeVersion> inThr = new ArrayList<>();
        for (ProbeVersion v : versions) {
            addIfPresent(entry, v.entryHandler(site), inEntry, v);
            addIfPresent(ret, v.returnHandler(site, epoch), inRet, v);
            addIfPresent(thr, v.throwHandler(site, epoch), inThr, v);
        }
        markIfShared(inEntry);
        markIfShared(inRet);
        markIfShared(inThr);
        if (ChainProgress.runByBuiltInHandlers(site.className())) {
            for (ProbeVersion v : versions) {
                v.markNests();
            }
        }
        MethodHandle entryTarget = null;
        if (!timed.isEmpty() || !entry.isEmpty()) {
            int every = 0; // one in this many entries read the clock for some timed version; 0: none needs it
            for (ProbeVersion v : timed) {
                int e = v.stampEvery();
                if (e > 0) {
                    every = every == 0 ? e : Math.min(every, e);
                }
            }
            // No clock for counts alone: their token is the epoch's, untimed, so their exits stay paired.
            long untimed = ((long) epoch << SiteTokens.EPOCH_SHIFT) | SiteTokens.UNTIMED;
            MethodHandle token = timed.isEmpty() ? MethodHandles.constant(long.class, 0L)
                    : every == 0 ? MethodHandles.constant(long.class, untimed)
                    : every == 1 ? MethodHandles.insertArguments(STAMP, 0, epoch)
                    : MethodHandles.insertArguments(STAMP_ONE_IN, 0, epoch, every);
            entryTarget = inSleepableSection(
                    sequence(MethodHandles.dropArguments(token, 0, site.entryType().parameterList()), entry), inEntry);
        }
        MethodHandle e = entryTarget;
        MethodHandle r = ret.isEmpty() ? null
                : inSleepableSection(sequence(MethodHandles.empty(site.returnType()), ret), inRet);
        MethodHandle t = thr.isEmpty() ? null
                : inSleepableSection(sequence(MethodHandles.empty(site.throwType()), thr), inThr);
        int linkEpoch = timed.isEmpty() ? site.timingEpoch() : epoch;
        MethodSite.Targets targets = site.adapt(e, r, t); // may fail: before anything is linked
        return () -> {
            site.link(targets, linkEpoch);
            timedAtLastLink = timed;
        };
    }

    private static void addIfPresent(List<MethodHandle> handlers, MethodHandle h, List<ProbeVersion> in,
            ProbeVersion v) {
        if (h != null) {
            handlers.add(h);
            in.add(v);
        }
    }

    /** Before the chain is linked: versions whose handlers share one chain are marked (ChainProgress). */
    private static void markIfShared(List<ProbeVersion> inOneChain) {
        if (inOneChain.size() > 1) {
            for (ProbeVersion v : inOneChain) {
                v.markShared();
            }
        }
    }

    /**
     * A chain that holds a sleepable version's handler runs whole inside a read section of that version's
     * tasks-trace domain, and every version in it is marked to wait for that domain's grace period when it is
     * retired. Otherwise a thread blocked in the sleepable handler (WAITING, which a tasks grace period takes as
     * quiescent) would still run the handlers after it, in the same chain, once it wakes: after a removal of one
     * of them had completed. Other chains are returned as they are.
     */
    private static MethodHandle inSleepableSection(MethodHandle chain, List<ProbeVersion> inChain) {
        ProbeVersion sleepable = null;
        for (ProbeVersion v : inChain) {
            if (v.trace() != null) {
                sleepable = v;
            }
        }
        if (sleepable == null) {
            return chain;
        }
        for (ProbeVersion v : inChain) {
            v.markInSleepableChain(sleepable.trace()); // before the link: a removal after it sees the mark
        }
        return Handlers.inReadSection(chain, sleepable.trace(), sleepable.slot());
    }

    /** Runs each void handler in order, then {@code tail}, all on the same arguments. */
    private static MethodHandle sequence(MethodHandle tail, List<MethodHandle> handlers) {
        MethodHandle h = tail;
        for (int i = handlers.size() - 1; i >= 0; i--) {
            h = MethodHandles.foldArguments(h, handlers.get(i));
        }
        return h;
    }

    private static final MethodHandle STAMP;
    private static final MethodHandle STAMP_ONE_IN;

    static {
        try {
            STAMP = MethodHandles.publicLookup().findStatic(SiteTokens.class, "stamp",
                    java.lang.invoke.MethodType.methodType(long.class, int.class));
            STAMP_ONE_IN = MethodHandles.publicLookup().findStatic(SiteTokens.class, "stampOneIn",
                    java.lang.invoke.MethodType.methodType(long.class, int.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return site.toString();
    }
}
