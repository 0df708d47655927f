package dev.quiesce.agent.core;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.control.ControlServer;
import dev.quiesce.agent.control.JmxAgent;
import dev.quiesce.agent.instrument.Retransformer;
import dev.quiesce.agent.instrument.SiteTransformer;
import dev.quiesce.agent.probe.ProbeJfr;
import dev.quiesce.agent.probe.ProbeManager;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.ThreadIds;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;

/**
 * The agent, started in its own class loader by {@code AgentEntry}: the process-wide tasks-RCU domain learns
 * the site marker line, the site transformer and the carrier hooks are registered, and the control is
 * published. Detaching undoes each step, leaving only the boot jar's classes (sites with no-op targets).
 */
public final class Agent {
    private Agent() {}

    /** How long a woven class's sites must all stay idle before the class is retransformed back. */
    static final long STRIP_AFTER_MILLIS = 60_000;

    /**
     * Starts the agent. {@code args}: comma-separated {@code key=value}; {@code carrierHooks=false} leaves
     * {@code java.lang.VirtualThread} alone; {@code stripAfterMillis=N} strips a class whose sites all stayed
     * idle that long (default 60 s); {@code budgetMicros=N} disables the costliest probe while all probes'
     * handlers together cost more than N microseconds per second of wall time; {@code control=false} opens no
     * control channel (socket and JMX bean); {@code probes=FILE} adds the probes in a spec file (lines or
     * JSON) at start; {@code probe=SPEC;SPEC...}, last, adds probes given inline. Probes that do not parse or
     * cannot be added are reported on stderr, and none of that group is added.
     *
     * @throws IllegalArgumentException for an unknown or malformed argument; nothing is started
     */
    public static synchronized void start(Instrumentation inst, String args) {
        AgentArgs parsed = AgentArgs.parse(args);
        boolean carrierHooks = parsed.flag("carrierHooks", true);
        long stripAfterMillis = parsed.millis("stripAfterMillis", STRIP_AFTER_MILLIS);
        long budgetMicros = parsed.number("budgetMicros", 0, 1, 1_000_000 * (long) Runtime.getRuntime()
                .availableProcessors());
        boolean controlChannel = parsed.flag("control", true);
        StartupProbes startupProbes = StartupProbes.read(parsed.text("probes"), parsed.inlineProbes());
        TasksRcu rcu = TasksRcu.tasks();
        rcu.readerFrames().addMarkerLine(SiteLines.MARKER);
        ProbeManager manager = new ProbeManager(inst, rcu,
                new Retransformer(inst, Retransformer.PACED_BATCH, Retransformer.PACE_NANOS),
                TimeUnit.MILLISECONDS.toNanos(stripAfterMillis), budgetMicros);
        ProbeJfr jfr = ProbeJfr.install(manager);
        SiteTransformer sites = new SiteTransformer(manager);
        inst.addTransformer(sites, true);
        CarrierHooks hooks = carrierHooks ? CarrierHooks.install(inst) : null;
        if (hooks != null && !hooks.isWoven()) {
            System.err.println("quiesce: carrier hooks not installed (" + hooks.failure() + "); grace periods "
                    + "will clear busy carriers by stack sampling only");
        }
        if (ThreadIds.overridable()) {
            System.err.println("quiesce: thread ids come from Thread.getId() on this JVM, which a Thread subclass may"
                    + " override; grace periods assume no thread claims another's id");
        }
        ProbeService[] service = new ProbeService[1];
        ControlServer[] server = new ControlServer[1];
        JmxAgent[] jmx = new JmxAgent[1];
        service[0] = new ProbeService(manager, () -> {
            jfr.close();
            if (server[0] != null) {
                server[0].close();
            }
            if (jmx[0] != null) {
                jmx[0].unregister();
            }
            rcu.readerFrames().describeWith(null);
            rcu.readerFrames().progressWith(null);
            inst.removeTransformer(sites);
            if (hooks != null) {
                hooks.uninstall();
            }
            AgentControl.uninstall(service[0]);
        });
        if (controlChannel) { // before install: a detach that finds the control finds these fields written
            try {
                server[0] = ControlServer.start(service[0]);
            } catch (IOException | RuntimeException | LinkageError e) {
                System.err.println("quiesce: no control channel (" + e.getMessage() + "); the agent runs, driven "
                        + "through its Java API only");
            }
            jmx[0] = JmxAgent.register(service[0]);
        }
        if (!AgentControl.install(service[0])) {
            jfr.close();
            if (server[0] != null) {
                server[0].close();
            }
            if (jmx[0] != null) {
                jmx[0].unregister();
            }
            inst.removeTransformer(sites);
            if (hooks != null) {
                hooks.uninstall();
            }
            System.err.println("quiesce: the agent is already running in this JVM; this load changes nothing");
            return;
        }
        // Only once installed: the reader frames belong to the process-wide domain, which an agent already
        // running in this JVM uses.
        rcu.readerFrames().describeWith(manager::describe);
        rcu.readerFrames().progressWith(manager.progress());
        startupProbes.addTo(service[0]);
    }
}
