package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import dev.quiesce.agent.control.wire.Frames;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request over an agent's control socket: sends it, prints the answer's lines as they arrive (output to
 * stdout, progress to stderr), and returns the exit code the answer ends with. A target that stops answering
 * for {@code silenceMillis} ends the request with {@link ExitCodes#TIMEOUT}.
 *
 * <p>A streaming request ({@code watch}) is ended by Ctrl+C: the shutdown hook shuts this side's output, the
 * agent finishes (removing the probe the watch added) and sends the rest, and the hook waits for it.
 */
final class ControlClient {
    private final Path socket;
    private final long pid;

    ControlClient(Path socket, long pid) {
        this.socket = socket;
        this.pid = pid;
    }

    int request(List<String> request, PrintStream out, PrintStream err, long silenceMillis) {
        return request(request, out::println, err::println, silenceMillis, false);
    }

    /**
     * @param endOnInterrupt whether Ctrl+C ends the request gracefully (streaming commands) instead of
     *        abandoning it
     */
    int request(List<String> request, Consumer<String> out, Consumer<String> err, long silenceMillis,
            boolean endOnInterrupt) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new CliException(ExitCodes.NOT_ATTACHED, "cannot reach the quiesce agent in JVM " + pid + " ("
                    + socket + ": " + e.getMessage() + "); is it attached? (quiesce attach " + pid + ")", e);
        }
        CountDownLatch answered = new CountDownLatch(1);
        Thread hook = endOnInterrupt ? new Thread(() -> {
            err.accept("quiesce: ending the watch (a probe it added is removed safely; wait) ...");
            try {
                ch.shutdownOutput();
                answered.await(120, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // exiting anyway
            }
        }, "quiesce-end-watch") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        Silence silence = new Silence(ch, silenceMillis);
        try {
            DataOutputStream dout = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            Frames.writeRequest(dout, request);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            while (true) {
                Frames.Frame f = Frames.readFrame(in);
                silence.heard();
                switch (f.kind()) {
                    case Frames.OUTPUT: out.accept(f.text()); break;
                    case Frames.PROGRESS: err.accept(f.text()); break;
                    case Frames.OK: return ExitCodes.OK;
                    default:
                        err.accept("quiesce: " + f.text());
                        return f.code();
                }
            }
        } catch (IOException e) {
            if (silence.expired()) {
                throw new CliException(ExitCodes.TIMEOUT, "the agent in JVM " + pid + " sent nothing for "
                        + silenceMillis / 1000 + " s; it is stuck or too busy (the request may still complete there)");
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new CliException(ExitCodes.FAILED, "JVM " + pid + " exited during the request", e);
            }
            throw new CliException(ExitCodes.FAILED, "the connection to the agent in JVM " + pid + " broke: " + e, e);
        } finally {
            silence.stop();
            answered.countDown();
            try {
                ch.close();
            } catch (IOException e) {
                // closed
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running and waits for `answered`
                }
            }
        }
    }

    /** Closes the channel when nothing has been heard for too long, which ends a blocked read. */
    private static final class Silence {
        private final SocketChannel ch;
        private final long limitNanos;
        private final Thread timer;
        private volatile long lastHeard = System.nanoTime();
        private volatile boolean expired;
        private volatile boolean stopped;

        Silence(SocketChannel ch, long limitMillis) {
            this.ch = ch;
            this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
            this.timer = new Thread(this::watch, "quiesce-silence");
            timer.setDaemon(true);
            timer.start();
        }

        void heard() {
            lastHeard = System.nanoTime();
        }

        boolean expired() {
            return expired;
        }

        void stop() {
            stopped = true;
            timer.interrupt();
        }

        private void watch() {
            try {
                while (!stopped) {
                    long left = limitNanos - (System.nanoTime() - lastHeard);
                    if (left <= 0) {
                        expired = true;
                        ch.close();
                        return;
                    }
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException | IOException e) {
                // stopped
            }
        }
    }
}
