package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A request from another user is refused, by the directory and, should its permissions be widened, by the
 * peer's kernel-reported credentials. Runs a client as {@code nobody}, so it needs root and {@code setpriv}.
 */
class OtherUserTest {
    /** A client in one source file, run by the java launcher as another user: sends "ping", prints the answer. */
    private static final String CLIENT = """
            import java.io.*;
            import java.net.*;
            import java.nio.channels.*;
            public class Client {
                public static void main(String[] a) throws Exception {
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(UnixDomainSocketAddress.of(a[0]));
                        DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
                        out.writeInt(0x51434E31); out.writeInt(1);
                        byte[] b = "ping".getBytes("UTF-8"); out.writeInt(b.length); out.write(b); out.flush();
                        DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                        byte kind = in.readByte();
                        if (kind == 'E') {
                            int code = in.readInt(); byte[] m = new byte[in.readInt()]; in.readFully(m);
                            System.out.println("ERROR " + code + " " + new String(m, "UTF-8"));
                        } else {
                            System.out.println("ANSWERED " + (char) kind);
                        }
                    } catch (IOException e) {
                        System.out.println("CONNECT FAILED " + e.getMessage());
                    }
                }
            }
            """;

    private static String runAsNobody(Path client, Path socket) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                "-Djava.io.tmpdir=" + client.getParent(), client.toString(), socket.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return out;
    }

    @Test
    void anotherUsersRequestIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a client as nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Path dir = Files.createTempDirectory("quiesce-client", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path client = Files.writeString(dir.resolve("Client.java"), CLIENT);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        ControlServer server = ControlServer.start(new FakeControl());
        try {
            Path socket = server.path();
            String out = runAsNobody(client, socket);
            assertTrue(out.contains("CONNECT FAILED"), "the directory keeps others out: " + out);

            // widen the permissions, as a careless admin might: the credentials check still refuses
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            out = runAsNobody(client, socket);
            assertTrue(out.contains("ERROR 4 user nobody may not control this JVM"), out);
        } finally {
            Files.setPosixFilePermissions(server.path().getParent(), ControlPaths.OWNER_ONLY);
            server.close();
        }
    }
}
