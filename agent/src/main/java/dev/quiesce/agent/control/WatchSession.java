package dev.quiesce.agent.control;

import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeInfo;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code watch}: streams a probe's output every interval until the client hangs up, the duration ends, or the
 * probe goes. Given a spec instead of a name, the session adds that probe and removes it at the end, safely
 * (its removal report is the last thing sent), even when the client went away without a word.
 *
 * <p>Nothing here runs on a handler's thread: the session reads counters and drains the capture ring
 * (bounded, dropping when full), so a slow client slows only this thread.
 */
final class WatchSession {
    /** Events printed per interval at most; the rest are counted. */
    static final int MAX_EVENTS_PER_INTERVAL = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final ControlCommands commands;
    private final ProbeControl control;
    private final Reply reply;
    private final ControlCommands.Hangup hangup;
    private final boolean json;
    /** Folded stack -> samples, for stack probes; this thread only. */
    private final Map<String, Long> stacks = new HashMap<>();

    WatchSession(ControlCommands commands, Reply reply, ControlCommands.Hangup hangup, boolean json) {
        this.commands = commands;
        this.control = commands.control();
        this.reply = reply;
        this.hangup = hangup;
        this.json = json;
    }

    void run(String target, long intervalMillis, long durationMillis) {
        if (intervalMillis < 100) {
            throw new IllegalArgumentException("the interval must be at least 100 ms, got " + intervalMillis);
        }
        boolean owned = target.strip().contains(" ");
        String name = owned ? control.add(target).name() : find(target).orElseThrow(() ->
                new IllegalArgumentException("no probe named \"" + target + "\"")).name();
        ProbeInfo info = find(name).orElseThrow();
        if (!json) {
            reply.line((owned ? "added " : "watching ") + info + (owned ? "; it is removed when the watch ends" : ""));
        }
        reply.flush();
        long end = durationMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + durationMillis * 1_000_000;
        long lastHits = info.hits();
        long[] lastHist = info.action().equals("hist") ? control.histogram(name) : null;
        long lastTime = System.nanoTime();
        int version = info.version();
        String gone = null;
        try {
            while (System.nanoTime() < end && !reply.clientGone()) {
                long wait = Math.min(intervalMillis, Math.max(1, (end - System.nanoTime()) / 1_000_000));
                if (hangup.await(wait)) {
                    break;
                }
                Optional<ProbeInfo> now = find(name);
                if (now.isEmpty()) {
                    gone = "probe " + name + " was removed";
                    break;
                }
                if (now.get().version() != version) { // swapped meanwhile: the new version counts from zero
                    version = now.get().version();
                    lastHits = 0;
                    lastHist = lastHist == null ? null : new long[lastHist.length];
                }
                ProbeInfo p = now.get();
                long t = System.nanoTime();
                double seconds = (t - lastTime) / 1e9;
                lastTime = t;
                if (lastHist != null) {
                    long[] h = control.histogram(name);
                    interval(p, (p.hits() - lastHits) / seconds, HistogramText.minus(h, lastHist));
                    lastHist = h;
                } else {
                    interval(p, (p.hits() - lastHits) / seconds, null);
                }
                lastHits = p.hits();
                if (p.action().equals("capture") || p.action().equals("stack")) {
                    drain(name, p.action().equals("stack"));
                }
                reply.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalArgumentException e) {
            gone = "probe " + name + " was removed"; // between find and the histogram or events
        }
        finish(name, owned, lastHist != null, gone);
    }

    private void interval(ProbeInfo p, double rate, long[] delta) {
        String time = LocalTime.now().format(TIME);
        if (json) {
            JsonLine j = new JsonLine().put("type", "interval").put("time", time).put("probe", p.name())
                    .put("version", p.version()).put("hits", p.hits()).put("hitsPerSecond", Math.round(rate))
                    .put("errors", p.errors());
            reply.line(delta == null ? j.toString() : j.put("histogram", delta).toString());
            return;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s %s: %,d hits/s, %,d total, %d error(s)",
                time, p.name(), Math.round(rate), p.hits(), p.errors()));
        if (delta != null && HistogramText.total(delta) > 0) {
            b.append(", p50 < ").append(HistogramText.nanos(HistogramText.quantileBound(delta, 0.5)))
                    .append(", p99 < ").append(HistogramText.nanos(HistogramText.quantileBound(delta, 0.99)));
        }
        reply.line(b.toString());
    }

    private void drain(String name, boolean stack) {
        List<CapturedEvent> events = control.events(name, Integer.MAX_VALUE);
        int shown = 0;
        for (CapturedEvent e : events) {
            if (stack) {
                stacks.merge(e.text(), 1L, Long::sum);
            } else if (shown++ < MAX_EVENTS_PER_INTERVAL) {
                reply.line(json ? Formats.json(name, e) : text(e));
            }
        }
        if (stack && !events.isEmpty() && !json) {
            reply.line("  " + events.size() + " stack sample(s), " + stacks.size() + " distinct so far");
        }
        if (shown > MAX_EVENTS_PER_INTERVAL && !json) {
            reply.line("  ... " + (shown - MAX_EVENTS_PER_INTERVAL) + " more event(s) this interval not shown");
        }
    }

    /** An event as a terminal line: time of day, thread, kind, method, what was captured, latency. */
    private static String text(CapturedEvent e) {
        String time = LocalTime.ofInstant(java.time.Instant.ofEpochMilli(e.epochMillis()), java.time.ZoneId.systemDefault())
                .format(EVENT_TIME);
        return "  " + time + " [" + e.thread() + "] " + e.kind() + " " + e.site() + " " + e.text()
                + (e.nanos() >= 0 ? " (" + HistogramText.nanos(e.nanos()) + ")" : "");
    }

    private void finish(String name, boolean owned, boolean hist, String gone) {
        if (gone != null) {
            reply.progress(gone + "; the watch ends");
        }
        if (gone == null && hist && !owned) { // an owned probe's removal report carries the final histogram
            long[] h = control.histogram(name);
            if (json) {
                reply.line(new JsonLine().put("type", "histogram").put("probe", name).put("histogram", h).toString());
            } else {
                reply.line("@" + name + " (ns):");
                HistogramText.rows(h).forEach(reply::line);
            }
        }
        if (!stacks.isEmpty()) {
            if (!json) {
                reply.line("folded stacks (root first), by samples:");
            }
            stacks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> reply.line(json ? new JsonLine().put("type", "stack").put("probe", name)
                            .put("stack", e.getKey()).put("samples", e.getValue()).toString()
                            : e.getKey() + " " + e.getValue()));
        }
        if (owned && gone == null) {
            reply.progress("removing probe " + name + " (waiting for a grace period) ...");
            reply.flush();
            commands.report(reply, json, control.remove(name));
        }
    }

    private Optional<ProbeInfo> find(String name) {
        return control.list().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
