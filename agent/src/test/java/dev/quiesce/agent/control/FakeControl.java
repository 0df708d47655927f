package dev.quiesce.agent.control;

import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A probe control with no agent behind it: probes are names with a hit counter the test sets. */
final class FakeControl implements ProbeControl {
    final Map<String, ProbeInfo> probes = new ConcurrentHashMap<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    /** What remove returns; completed by the test when it wants the "grace period" to end. */
    volatile CompletableFuture<RemovalReport> nextRemoval;

    static RemovalReport report(String name, String reason, long hits) {
        return new RemovalReport(name, 1, reason, 1, 1000, 2000, 1, 0, 0, hits, 0, 0, new long[0], 0, 0);
    }

    @Override
    public ProbeInfo add(String spec) {
        if (spec.contains("bad")) {
            throw new IllegalArgumentException("spec:1:1: bad spec");
        }
        String name = spec.replaceAll(".*name=(\\S+).*", "$1");
        ProbeInfo p = new ProbeInfo(name, spec, "count", 1, 1, 0, 0, 0, -1);
        probes.put(name, p);
        return p;
    }

    @Override
    public List<ProbeInfo> addAll(String source, String text) {
        List<ProbeInfo> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            out.add(add(line));
        }
        return out;
    }

    @Override
    public ProbeInfo add(String spec, ProbeHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<RemovalReport> swap(String name, String spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<RemovalReport> swap(String name, String spec, ProbeHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<RemovalReport> remove(String name) {
        ProbeInfo p = probes.remove(name);
        if (p == null) {
            throw new IllegalArgumentException("no probe named \"" + name + "\"");
        }
        removed.add(name);
        CompletableFuture<RemovalReport> f = nextRemoval;
        return f != null ? f : CompletableFuture.completedFuture(report(name, "removed", p.hits()));
    }

    @Override
    public CompletableFuture<List<RemovalReport>> removeAll() {
        List<RemovalReport> rs = new ArrayList<>();
        for (String n : new ArrayList<>(probes.keySet())) {
            rs.add(remove(n).join());
        }
        return CompletableFuture.completedFuture(rs);
    }

    @Override
    public List<CapturedEvent> events(String name, int max) {
        return List.of();
    }

    @Override
    public long[] histogram(String name) {
        throw new IllegalArgumentException("probe \"" + name + "\" keeps no histogram");
    }

    @Override
    public List<ProbeInfo> list() {
        return new ArrayList<>(probes.values());
    }

    @Override
    public AgentStats stats() {
        return new AgentStats(probes.size(), 0, 0, 0, 0, 0, 0);
    }

    @Override
    public CompletableFuture<List<RemovalReport>> detach() {
        return removeAll();
    }
}
