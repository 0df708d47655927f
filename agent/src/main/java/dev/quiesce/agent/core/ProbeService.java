package dev.quiesce.agent.core;

import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import dev.quiesce.agent.probe.ProbeManager;
import dev.quiesce.agent.spec.ProbeSpec;
import dev.quiesce.agent.spec.ProbeSpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The {@link ProbeControl} the agent publishes: specs parsed here, the lifecycle in {@link ProbeManager}. */
final class ProbeService implements ProbeControl {
    private final ProbeManager manager;
    private final Runnable onDetached;

    ProbeService(ProbeManager manager, Runnable onDetached) {
        this.manager = manager;
        this.onDetached = onDetached;
    }

    @Override
    public ProbeInfo add(String spec) {
        return manager.add(parse(spec), null);
    }

    @Override
    public List<ProbeInfo> addAll(String source, String text) {
        Objects.requireNonNull(source, "source");
        String t = Objects.requireNonNull(text, "text").strip();
        List<ProbeSpec> specs = t.startsWith("{") || t.startsWith("[")
                ? ProbeSpecParser.parseJson(source, text) : ProbeSpecParser.parseLines(source, text);
        List<ProbeInfo> added = new ArrayList<>();
        try {
            for (ProbeSpec s : specs) {
                added.add(manager.add(s, null));
            }
        } catch (RuntimeException e) {
            for (ProbeInfo p : added) {
                manager.remove(p.name()); // its report is not awaited: the probe existed for moments only
            }
            throw new IllegalArgumentException(source + ": probe " + (added.size() + 1) + " of " + specs.size()
                    + " could not be added, so none was: " + e.getMessage(), e);
        }
        return added;
    }

    @Override
    public ProbeInfo add(String spec, ProbeHandler handler) {
        return manager.add(parse(spec), Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public CompletableFuture<RemovalReport> swap(String name, String spec) {
        return manager.swap(name, parse(spec), null);
    }

    @Override
    public CompletableFuture<RemovalReport> swap(String name, String spec, ProbeHandler handler) {
        return manager.swap(name, parse(spec), Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public CompletableFuture<RemovalReport> remove(String name) {
        return manager.remove(name);
    }

    @Override
    public CompletableFuture<List<RemovalReport>> removeAll() {
        return manager.removeAll();
    }

    @Override
    public long[] histogram(String name) {
        return manager.histogram(name);
    }

    @Override
    public List<ProbeInfo> list() {
        return manager.list();
    }

    @Override
    public List<CapturedEvent> events(String name, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        return manager.events(name, max);
    }

    @Override
    public AgentStats stats() {
        return manager.stats();
    }

    @Override
    public CompletableFuture<List<RemovalReport>> detach() {
        try {
            return manager.detach();
        } finally {
            onDetached.run(); // transformers, hooks and the control go even if stripping a class failed
        }
    }

    private static ProbeSpec parse(String spec) {
        return ProbeSpecParser.parseLine(Objects.requireNonNull(spec, "spec"));
    }
}
