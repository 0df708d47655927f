package dev.quiesce.agent.control;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The JMX face of the control channel, registered in the platform MBean server (nothing listens for it: JMX
 * clients reach it through the JVM's own local connector). It runs the same commands as the socket and
 * collects their output; it is unregistered at detach so the server does not keep the agent's loader.
 */
public final class JmxAgent implements QuiesceAgentMBean {
    public static final String NAME = "dev.quiesce:type=Agent";
    private final ControlCommands commands;
    private ObjectName registered;

    private JmxAgent(ControlCommands commands) {
        this.commands = commands;
    }

    /** Registers the bean; null (and a warning) if JMX refuses it, e.g. a name clash with a stale agent. */
    public static JmxAgent register(dev.quiesce.agent.boot.ProbeControl control) {
        JmxAgent bean = new JmxAgent(new ControlCommands(control));
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            server.registerMBean(new StandardMBean(bean, QuiesceAgentMBean.class), name);
            bean.registered = name;
            return bean;
        } catch (JMException | RuntimeException | LinkageError e) {
            System.err.println("quiesce: the JMX bean " + NAME + " is not available: " + e);
            return null;
        }
    }

    public void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (JMException e) {
            // already gone
        }
    }

    @Override
    public String[] getProbes() {
        return commands.control().list().stream().map(Object::toString).toArray(String[]::new);
    }

    @Override
    public String getStats() {
        return String.join("\n", run("stats"));
    }

    @Override
    public String addProbe(String spec) {
        return String.join("\n", run("add", spec));
    }

    @Override
    public String swapProbe(String name, String spec) {
        return String.join("\n", run("swap", name, spec));
    }

    @Override
    public String removeProbe(String name) {
        return String.join("\n", run("remove", name));
    }

    @Override
    public String histogram(String name) {
        return String.join("\n", run("hist", name));
    }

    @Override
    public String detach() {
        return String.join("\n", run("detach"));
    }

    /** Runs a command, returning its output lines; an error becomes an exception JMX clients show. */
    private List<String> run(String... request) {
        Collecting reply = new Collecting();
        commands.serve(List.of(request), reply, millis -> false);
        if (reply.errorCode != ExitCodes.OK) {
            throw reply.errorCode == ExitCodes.USAGE ? new IllegalArgumentException(reply.error)
                    : new IllegalStateException(reply.error);
        }
        return reply.lines;
    }

    /** A reply that keeps the output lines instead of sending frames. */
    private static final class Collecting extends Reply {
        final List<String> lines = new ArrayList<>();
        int errorCode = ExitCodes.OK;
        String error;

        Collecting() {
            super(null);
        }

        @Override
        void line(String text) {
            lines.add(text);
        }

        @Override
        void progress(String text) {
            // a JMX call just blocks until the answer is ready
        }

        @Override
        void flush() {
        }

        @Override
        void ok() {
        }

        @Override
        void error(int code, String message) {
            errorCode = code;
            error = message;
        }
    }
}
