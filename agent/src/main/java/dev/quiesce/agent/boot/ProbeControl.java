package dev.quiesce.agent.boot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's control API, reachable from any class loader through {@link AgentControl#control()}: what the
 * command line, the JMX bean and library callers drive. Specs are in the text form
 * ({@code timing com.example.Checkout#price hist}); a malformed spec throws {@link IllegalArgumentException}
 * with the position and the reason, and changes nothing.
 *
 * <p>Removal never frees a probe early: the futures complete only after a tasks-RCU grace period, when no
 * handler of the removed version can run again.
 */
public interface ProbeControl {
    /**
     * Links a new probe, creating sites (one retransformation) in loaded classes that lack them; classes
     * loaded later get their sites as they load.
     *
     * @throws IllegalArgumentException for a malformed spec, a name in use, or too many matching classes
     * @throws IllegalStateException if the agent is detaching
     */
    ProbeInfo add(String spec);

    /**
     * Links several probes from a file's text: a JSON document (an object, an array, or
     * {@code {"probes": [...]}}) when it starts with '{' or '[', else one text spec per line ('#' comments and
     * blank lines skipped). All or nothing: every spec is parsed first, and if one probe cannot be added the
     * ones added before it are removed again.
     *
     * @param source names the text in error messages, e.g. the file name
     * @throws IllegalArgumentException with the source, line and column of a malformed spec, or the reason a
     *         probe could not be added
     */
    List<ProbeInfo> addAll(String source, String text);

    /**
     * Links a new probe whose action is {@code handler}; the spec's action must be
     * {@code handler=<the handler's class name>}.
     */
    ProbeInfo add(String spec, ProbeHandler handler);

    /**
     * Replaces a probe's action atomically with the one in {@code spec} (same site kind and target). Every hit
     * is handled by the old version or the new one; the future completes with the old version's final report.
     *
     * @throws IllegalArgumentException if there is no such probe or the spec changes its target or site kind
     */
    CompletableFuture<RemovalReport> swap(String name, String spec);

    /** {@link #swap(String, String)} to a handler object, with {@code spec} as for {@link #add(String, ProbeHandler)}. */
    CompletableFuture<RemovalReport> swap(String name, String spec, ProbeHandler handler);

    /**
     * Unlinks a probe; the future completes after a grace period with its final report.
     *
     * @throws IllegalArgumentException if there is no such probe
     */
    CompletableFuture<RemovalReport> remove(String name);

    /** Removes every probe. */
    CompletableFuture<List<RemovalReport>> removeAll();

    /**
     * Takes up to {@code max} events a {@code capture} probe has captured, oldest first. Events that find
     * the probe's ring (4096 events) full are dropped and counted; drain it often enough.
     *
     * @throws IllegalArgumentException if there is no such probe or its action is not capture
     */
    List<CapturedEvent> events(String name, int max);

    /**
     * The latency histogram of a {@code hist} probe's linked version: bucket {@code b} counts calls that took
     * {@code [2^b, 2^(b+1))} ns. A racy snapshot; the removal report has the final one.
     *
     * @throws IllegalArgumentException if there is no such probe or its action is not hist
     */
    long[] histogram(String name);

    /** The linked probes, in the order they were added. */
    List<ProbeInfo> list();

    /** The agent's counters: woven classes, sites, idle and stripped ones. */
    AgentStats stats();

    /**
     * Removes every probe, strips every site (retransforming the classes back), unregisters the agent's
     * transformers and releases its class loader. The control is unusable afterwards; the agent can be loaded
     * again.
     */
    CompletableFuture<List<RemovalReport>> detach();
}
