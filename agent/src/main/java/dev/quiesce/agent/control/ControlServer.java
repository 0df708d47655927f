package dev.quiesce.agent.control;

import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.control.wire.ExitCodes;
import dev.quiesce.agent.control.wire.Frames;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The control channel: a Unix domain socket, never a network port, in a directory only the JVM's user can
 * enter (see {@link ControlPaths}); each connection's peer credentials are checked too ({@link PeerCheck}).
 * The socket's path is published in the system property {@value #PROPERTY}, which the command line reads
 * through the Attach API. One thread accepts; each request is served on a thread of its own, so a long
 * removal or a watch never holds up another command.
 *
 * <p>Field: {@code closed} is volatile, written once by {@code close}.
 */
public final class ControlServer implements AutoCloseable {
    public static final String PROPERTY = "quiesce.control";
    private final ServerSocketChannel server;
    private final Path path;
    private final UserPrincipal owner;
    private final ControlCommands commands;
    private final Thread acceptor;
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean closed;

    private ControlServer(ServerSocketChannel server, Path path, UserPrincipal owner, ControlCommands commands) {
        this.server = server;
        this.path = path;
        this.owner = owner;
        this.commands = commands;
        this.acceptor = daemon(this::acceptLoop, "quiesce-control");
    }

    /**
     * Opens the socket and starts accepting.
     *
     * @throws IOException if the socket cannot be created (the agent then runs without a control channel)
     */
    public static ControlServer start(ProbeControl control) throws IOException {
        Path path = ControlPaths.socketFor(ProcessHandle.current().pid());
        Files.deleteIfExists(path); // left by an earlier agent in this JVM, or by a dead JVM with this pid
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, ControlPaths.SOCKET);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        path.toFile().deleteOnExit();
        ControlServer s = new ControlServer(server, path, Files.getOwner(path.getParent()), new ControlCommands(control));
        System.setProperty(PROPERTY, path.toString());
        s.acceptor.start();
        return s;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                System.err.println("quiesce: control socket: " + e);
                continue;
            }
            Thread t;
            try {
                t = daemon(() -> serve(ch), "quiesce-control-" + served.incrementAndGet());
                t.start();
            } catch (Throwable e) { // no thread for it (e.g. OutOfMemoryError): refuse this request, keep serving
                refuse(ch, ExitCodes.FAILED, "the agent could not start a thread for the request: " + e);
            }
        }
    }

    private void serve(SocketChannel ch) {
        try {
            UserPrincipal peer = peerOf(ch);
            String refusal = PeerCheck.refusal(peer, owner);
            if (refusal != null) {
                refuse(ch, ExitCodes.REFUSED, refusal);
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(ChannelStreams.in(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ChannelStreams.out(ch)));
            List<String> request;
            try {
                request = Frames.readRequest(in);
            } catch (Frames.ProtocolException e) {
                Frames.writeError(out, ExitCodes.USAGE, e.getMessage());
                return;
            }
            commands.serve(request, new Reply(out), hangupOf(in));
        } catch (IOException e) {
            // the client went away; whatever it started (a removal) goes on
        } finally {
            closeQuietly(ch);
        }
    }

    /** For watch: a thread that reads until the client shuts its output (or the connection breaks). */
    private static ControlCommands.Hangup hangupOf(DataInputStream in) {
        return new ControlCommands.Hangup() {
            private CountDownLatch hungUp;

            @Override
            public boolean await(long millis) throws InterruptedException {
                if (hungUp == null) {
                    CountDownLatch l = new CountDownLatch(1);
                    daemon(() -> {
                        try {
                            while (in.read() >= 0) {
                                // a client sends nothing after its request; anything else is ignored
                            }
                        } catch (IOException e) {
                            // broken: as good as hung up
                        } finally {
                            l.countDown();
                        }
                    }, "quiesce-control-hangup").start();
                    hungUp = l;
                }
                return hungUp.await(millis, TimeUnit.MILLISECONDS);
            }
        };
    }

    private static UserPrincipal peerOf(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void refuse(SocketChannel ch, int code, String why) {
        try {
            Frames.writeError(new DataOutputStream(ChannelStreams.out(ch)), code, why);
        } catch (IOException e) {
            // the client has gone anyway
        } finally {
            closeQuietly(ch);
        }
    }

    /**
     * Stops accepting and withdraws the property and the socket file. Requests being served finish (a detach
     * request closes the server, then sends its answer); watch sessions end when their probe goes.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        if (path.toString().equals(System.getProperty(PROPERTY))) {
            System.clearProperty(PROPERTY);
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a stale socket file is replaced by the next agent and refused by connect meanwhile
        }
    }

    private static Thread daemon(Runnable r, String name) {
        // A FutureTask drops its task once it has run; a terminated Thread keeps its Runnable, and the runtime
        // or the JDK may keep a Thread object for a while, which must not keep this loader alive.
        Thread t = new Thread(null, new java.util.concurrent.FutureTask<Void>(r, null), name, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(null); // a thread must not keep the agent's loader reachable through its context
        return t;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
