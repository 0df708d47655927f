package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.control.wire.ExitCodes;
import dev.quiesce.agent.control.wire.Frames;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlServerTest {
    private FakeControl control;
    private ControlServer server;

    @BeforeEach
    void start() throws IOException {
        control = new FakeControl();
        server = ControlServer.start(control);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One request's answer: its lines and the exit code it ended with. */
    record Answer(List<String> out, List<String> progress, int code, String error) {}

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(server.path()));
        return ch;
    }

    private static Answer read(SocketChannel ch) throws IOException {
        DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
        List<String> out = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        while (true) {
            Frames.Frame f = Frames.readFrame(in);
            switch (f.kind()) {
                case Frames.OUTPUT: out.add(f.text()); break;
                case Frames.PROGRESS: progress.add(f.text()); break;
                case Frames.OK: return new Answer(out, progress, 0, null);
                default: return new Answer(out, progress, f.code(), f.text());
            }
        }
    }

    private Answer request(String... args) throws IOException {
        try (SocketChannel ch = connect()) {
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)), List.of(args));
            return read(ch);
        }
    }

    @Test
    void theSocketIsPublishedAndOnlyItsOwnerMayOpenIt() throws IOException {
        assertEquals(server.path().toString(), System.getProperty(ControlServer.PROPERTY));
        assertEquals(ControlPaths.SOCKET, Files.getPosixFilePermissions(server.path()));
        assertEquals(ControlPaths.OWNER_ONLY, Files.getPosixFilePermissions(server.path().getParent()));
        assertTrue(server.path().getFileName().toString().equals(ProcessHandle.current().pid() + ".sock"));
    }

    @Test
    void commandsAnswerWithLinesAndExitCodes() throws IOException {
        assertEquals(List.of("no probes"), request("list").out());
        Answer added = request("add", "entry a.B#c count name=p");
        assertEquals(0, added.code());
        assertTrue(added.out().get(0).startsWith("added p v1"), added.out().toString());
        assertTrue(request("list", "json").out().get(0).contains("\"probe\":\"p\""));
        Answer bad = request("add", "bad spec");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertEquals("spec:1:1: bad spec", bad.error());
        assertEquals(ExitCodes.USAGE, request("remove", "nope").code());
        assertEquals(ExitCodes.USAGE, request("frobnicate").code());
        assertEquals(ExitCodes.USAGE, request("remove").code(), "a missing argument");
        Answer removed = request("remove", "p");
        assertEquals(0, removed.code());
        assertTrue(removed.out().get(0).startsWith("removed probe p v1 (removed)"), removed.out().toString());
        assertTrue(control.list().isEmpty());
    }

    @Test
    void aLongRemovalReportsProgressUntilItsGracePeriodEnds() throws Exception {
        request("add", "entry a.B#c count name=slow");
        CompletableFuture<dev.quiesce.agent.boot.RemovalReport> gp = new CompletableFuture<>();
        control.nextRemoval = gp;
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return request("remove", "slow");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(2 * ControlCommands.PROGRESS_MILLIS + 300);
        assertFalse(answer.isDone(), "the answer waits for the grace period");
        gp.complete(FakeControl.report("slow", "removed", 7));
        Answer a = answer.get(10, TimeUnit.SECONDS);
        assertEquals(0, a.code());
        assertTrue(a.progress().size() >= 2 && a.progress().get(0).startsWith("waiting for the grace period"),
                a.progress().toString());
        assertTrue(a.out().get(0).contains("final: 7 hit(s)"), a.out().toString());
    }

    @Test
    void aWatchThatAddedItsProbeRemovesItWhenTheClientHangsUp() throws Exception {
        try (SocketChannel ch = connect()) {
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)),
                    List.of("watch", "entry a.B#c count name=w", "100", "0"));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            Frames.Frame first = Frames.readFrame(in);
            assertTrue(first.text().startsWith("added w v1"), first.text());
            Frames.Frame interval = Frames.readFrame(in);
            assertTrue(interval.text().contains("w: "), interval.text());
            assertTrue(control.probes.containsKey("w"));
            ch.shutdownOutput(); // what Ctrl+C does
            List<String> rest = new ArrayList<>();
            for (Frames.Frame f; !(f = Frames.readFrame(in)).isEnd(); ) {
                rest.add(f.text());
            }
            assertTrue(rest.stream().anyMatch(l -> l.startsWith("removed probe w v1")), rest.toString());
        }
        assertEquals(List.of("w"), control.removed);
    }

    @Test
    void aWatchEndsWhenItsProbeIsRemovedElsewhere() throws Exception {
        request("add", "entry a.B#c count name=x");
        try (SocketChannel ch = connect()) {
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)), List.of("watch", "x", "100", "0"));
            CompletableFuture<Answer> a = CompletableFuture.supplyAsync(() -> {
                try {
                    return read(ch);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Thread.sleep(300);
            request("remove", "x");
            Answer answer = a.get(10, TimeUnit.SECONDS);
            assertEquals(0, answer.code());
            assertTrue(answer.progress().stream().anyMatch(l -> l.contains("was removed")), answer.toString());
        }
    }

    @Test
    void garbageGetsAnErrorAndTheServerKeepsServing() throws IOException {
        try (SocketChannel ch = connect()) {
            ch.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            Answer a = read(ch);
            assertEquals(ExitCodes.USAGE, a.code());
            assertTrue(a.error().contains("not a quiesce control request"), a.error());
        }
        assertEquals(0, request("ping").code());
    }

    @Test
    void closingWithdrawsTheSocketAndTheProperty() throws IOException {
        Path path = server.path();
        server.close();
        assertFalse(Files.exists(path));
        assertNull(System.getProperty(ControlServer.PROPERTY));
        assertThrows(IOException.class, this::connect);
    }
}
