package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.control.wire.Frames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void requestsAndAnswersRoundTrip() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        Frames.writeRequest(out, List.of("add", "timing a.B#c(long, int) hist name=ü"));
        Frames.writeLine(out, Frames.OUTPUT, "line");
        Frames.writeLine(out, Frames.PROGRESS, "wait");
        Frames.writeError(out, 2, "bad");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b.toByteArray()));
        assertEquals(List.of("add", "timing a.B#c(long, int) hist name=ü"), Frames.readRequest(in));
        assertEquals(new Frames.Frame(Frames.OUTPUT, 0, "line"), Frames.readFrame(in));
        assertEquals(new Frames.Frame(Frames.PROGRESS, 0, "wait"), Frames.readFrame(in));
        Frames.Frame e = Frames.readFrame(in);
        assertTrue(e.isEnd());
        assertEquals(new Frames.Frame(Frames.ERROR, 2, "bad"), e);
    }

    @Test
    void garbageIsRefusedWithoutAllocatingForIt() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(Frames.ProtocolException.class,
                () -> Frames.readRequest(new DataInputStream(new ByteArrayInputStream(http))));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        try {
            out.writeInt(Frames.MAGIC);
            out.writeInt(1);
            out.writeInt(Integer.MAX_VALUE); // a string "that long"
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Frames.ProtocolException tooLong = assertThrows(Frames.ProtocolException.class,
                () -> Frames.readRequest(new DataInputStream(new ByteArrayInputStream(b.toByteArray()))));
        assertTrue(tooLong.getMessage().contains("out of range"));
        assertThrows(IllegalArgumentException.class, () -> Frames.writeRequest(out, List.of()));
    }
}
