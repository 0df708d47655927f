package dev.quiesce.agent.control;

import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import dev.quiesce.agent.control.wire.ExitCodes;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.TasksRcuStats;
import dev.quiesce.wq.Workqueue;
import dev.quiesce.wq.Workqueues;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control channel's commands, on the agent's {@link ProbeControl}. Each request is served on its own
 * thread; errors go back as error frames with the command line's exit codes: bad input is
 * {@link ExitCodes#USAGE} and changes nothing.
 *
 * <pre>
 * ping | list [json] | add SPEC [json] | add-file SOURCE TEXT | swap NAME SPEC [json] | remove NAME [json]
 * | remove-all [json] | hist NAME [json] | stats [json] | watch NAME|SPEC INTERVAL_MS DURATION_MS [json] | detach [json]
 * </pre>
 */
final class ControlCommands {
    /** How often a long wait (a grace period) reports progress. */
    static final long PROGRESS_MILLIS = 1000;
    private final ProbeControl control;

    ControlCommands(ProbeControl control) {
        this.control = control;
    }

    ProbeControl control() {
        return control;
    }

    /** Serves one request. {@code hangup} tells a streaming command when the client has shut its output. */
    void serve(List<String> req, Reply reply, Hangup hangup) {
        String cmd = req.get(0);
        boolean json = req.size() > 1 && req.get(req.size() - 1).equals("json");
        List<String> args = req.subList(1, req.size() - (json ? 1 : 0));
        try {
            switch (cmd) {
                case "ping": ping(reply); break;
                case "list": list(reply, json); break;
                case "add": arity(cmd, args, 1); added(reply, json, List.of(control.add(args.get(0)))); break;
                case "add-file": arity(cmd, args, 2); added(reply, json, control.addAll(args.get(0), args.get(1))); break;
                case "swap": arity(cmd, args, 2); swap(reply, json, args.get(0), args.get(1)); break;
                case "remove": arity(cmd, args, 1); report(reply, json, control.remove(args.get(0))); break;
                case "remove-all": arity(cmd, args, 0); reports(reply, json, control.removeAll()); break;
                case "hist": arity(cmd, args, 1); hist(reply, json, args.get(0)); break;
                case "stats": arity(cmd, args, 0); stats(reply, json); break;
                case "watch": arity(cmd, args, 3); new WatchSession(this, reply, hangup, json).run(args.get(0),
                        millis(args.get(1)), millis(args.get(2))); break;
                case "detach": arity(cmd, args, 0); reports(reply, json, control.detach()); break;
                default: reply.usage("unknown command \"" + cmd + "\""); return;
            }
            reply.ok();
        } catch (IllegalArgumentException e) {
            reply.usage(e.getMessage());
        } catch (IllegalStateException e) {
            reply.error(ExitCodes.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            reply.error(ExitCodes.FAILED, "the agent failed: " + e);
        }
    }

    private static void arity(String cmd, List<String> args, int n) {
        if (args.size() != n) {
            throw new IllegalArgumentException(cmd + " takes " + n + " argument(s), got " + args.size());
        }
    }

    private static long millis(String s) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("expected a number of milliseconds, got \"" + s + "\"");
    }

    private void ping(Reply reply) {
        reply.line("quiesce agent running in JVM " + ProcessHandle.current().pid() + " (Java "
                + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name") + "), "
                + control.list().size() + " probe(s)");
    }

    private void list(Reply reply, boolean json) {
        List<ProbeInfo> probes = control.list();
        if (!json && probes.isEmpty()) {
            reply.line("no probes");
        }
        for (ProbeInfo p : probes) {
            reply.line(json ? Formats.json(p) : p.toString());
        }
    }

    private static void added(Reply reply, boolean json, List<ProbeInfo> added) {
        for (ProbeInfo p : added) {
            reply.line(json ? Formats.json(p) : "added " + p);
        }
    }

    private void swap(Reply reply, boolean json, String name, String spec) {
        CompletableFuture<RemovalReport> f = control.swap(name, spec);
        ProbeInfo now = control.list().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        if (now != null && !json) {
            reply.line("swapped to " + now);
        }
        report(reply, json, f);
    }

    void report(Reply reply, boolean json, CompletableFuture<RemovalReport> f) {
        RemovalReport r = await(reply, f, "the grace period");
        reply.line(json ? Formats.json(r) : r.toString());
        if (!json && r.histogram().length > 0 && HistogramText.total(r.histogram()) > 0) {
            HistogramText.rows(r.histogram()).forEach(reply::line);
        }
    }

    private void reports(Reply reply, boolean json, CompletableFuture<List<RemovalReport>> f) {
        List<RemovalReport> rs = await(reply, f, "the grace periods");
        if (rs.isEmpty() && !json) {
            reply.line("no probes were linked");
        }
        for (RemovalReport r : rs) {
            reply.line(json ? Formats.json(r) : r.toString());
        }
    }

    private void hist(Reply reply, boolean json, String name) {
        long[] h = control.histogram(name);
        if (json) {
            reply.line(new JsonLine().put("type", "histogram").put("probe", name).put("histogram", h).toString());
            return;
        }
        long total = HistogramText.total(h);
        reply.line("@" + name + " (ns), " + total + " call(s)" + (total == 0 ? "" : ": p50 < "
                + HistogramText.nanos(HistogramText.quantileBound(h, 0.5)) + ", p99 < "
                + HistogramText.nanos(HistogramText.quantileBound(h, 0.99))));
        HistogramText.rows(h).forEach(reply::line);
    }

    private void stats(Reply reply, boolean json) {
        AgentStats a = control.stats();
        TasksRcuStats g = TasksRcu.tasks().stats();
        List<ProbeInfo> probes = control.list();
        if (json) {
            reply.line(new JsonLine().put("type", "stats").putRaw("agent", Formats.json(a))
                    .putRaw("gracePeriods", gracePeriodsJson(g)).toString());
            for (ProbeInfo p : probes) {
                reply.line(Formats.json(p));
            }
            for (Workqueue q : Workqueues.open()) {
                reply.line(new JsonLine().put("type", "workqueue").put("name", q.name())
                        .put("itemFailures", q.itemFailures()).put("rescued", q.rescued())
                        .put("workerCreationFailures", q.workerCreationFailures()).put("state", q.describe())
                        .toString());
            }
            return;
        }
        reply.line("agent: " + a.probes() + " probe(s), " + a.wovenClasses() + " woven class(es), " + a.sites()
                + " site(s) (" + a.idleSites() + " idle), " + a.classesStripped() + " class(es) stripped, "
                + a.weaveFailures() + " weave failure(s)");
        reply.line("overhead budget: " + (a.globalBudgetMicros() == 0 ? "no global budget"
                : "global " + a.globalBudgetMicros() + " us/s"));
        for (ProbeInfo p : probes) {
            reply.line(String.format(Locale.ROOT, "  %s v%d %s: %d hit(s), %d error(s), budget %s, cost %s", p.name(),
                    p.version(), p.action(), p.hits(), p.errors(),
                    p.budgetMicros() == 0 ? "none" : p.budgetMicros() + " us/s",
                    p.costMicrosPerSecond() < 0 ? "not metered" : String.format(Locale.ROOT, "%.1f us/s",
                            p.costMicrosPerSecond())));
        }
        reply.line("grace periods (" + g.domain() + "): " + g.gracePeriodsCompleted() + " completed ("
                + g.expeditedCompleted() + " expedited), " + g.latency() + "; phase " + g.phase());
        reply.line("  holdouts: " + g.holdoutsSeen() + " seen, " + g.samplesTaken() + " stack sample(s) ("
                + g.samplesCleared() + " cleared outside, " + g.progressClears() + " cleared by progress), "
                + g.idleClears() + " idle clear(s)");
        reply.line("  stalls: " + g.stallInfos() + " info, " + g.stallWarnings() + " warning(s)");
        reply.line("  callbacks: " + g.callbacksQueued() + " queued, " + g.callbacksInvoked() + " invoked, "
                + g.callbacksFailed() + " failed, " + g.callbacksPending() + " pending; retired " + g.retired()
                + " (" + g.retireFailures() + " failed, " + g.retireInline() + " inline, " + g.retirePages()
                + " page(s))");
        List<Workqueue> queues = Workqueues.open();
        reply.line("workqueues: " + queues.size());
        for (Workqueue q : queues) {
            for (String line : q.describe().split("\n")) {
                reply.line("  " + line);
            }
        }
    }

    private static String gracePeriodsJson(TasksRcuStats g) {
        return new JsonLine().put("domain", g.domain()).put("completed", g.gracePeriodsCompleted())
                .put("expedited", g.expeditedCompleted()).put("latency", g.latency().toString())
                .put("holdoutsSeen", g.holdoutsSeen()).put("samplesTaken", g.samplesTaken())
                .put("samplesCleared", g.samplesCleared()).put("progressClears", g.progressClears())
                .put("stallInfos", g.stallInfos())
                .put("stallWarnings", g.stallWarnings()).put("callbacksPending", g.callbacksPending())
                .put("retired", g.retired()).put("phase", g.phase()).toString();
    }

    /** Waits for {@code f}, telling the client every second what it is waiting for. */
    <T> T await(Reply reply, CompletableFuture<T> f, String what) {
        long start = System.nanoTime();
        while (true) {
            try {
                return f.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                TasksRcuStats g = TasksRcu.tasks().stats();
                reply.progress("waiting for " + what + ": " + s + " s (threads still in handlers are waited for; "
                        + g.holdoutsSeen() + " holdout(s) met so far, phase " + g.phase() + ")");
                reply.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what
                        + "; the removal goes on in the agent");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw new IllegalStateException(c.getMessage() == null ? c.toString() : c.getMessage(), c);
            }
        }
    }

    /** Tells a streaming command that the client has shut its side of the connection. */
    interface Hangup {
        /** Waits up to {@code millis} for the client to hang up; true once it has. */
        boolean await(long millis) throws InterruptedException;
    }
}
