package dev.quiesce.agent.control.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control channel's framing, shared by the agent and the command line. A request is the magic number,
 * an argument count and the arguments (the first is the command); the answer is a stream of frames, each a
 * kind byte and its payload, ended by {@link #OK} or {@link #ERROR}. Strings are a length and UTF-8 bytes.
 *
 * <pre>
 * request : MAGIC:int  argc:int  (len:int utf8[len]){argc}
 * answer  : ( 'O' line | 'P' line )*  ( 'K' | 'E' code:int line )
 * </pre>
 *
 * {@code O} lines are output (stdout), {@code P} lines progress and warnings (stderr). A client ends a streaming
 * command (watch) by shutting down its output; the agent then finishes the command and sends the rest.
 */
public final class Frames {
    /** "QCN1": quiesce control, version 1. */
    public static final int MAGIC = 0x51434E31;
    public static final byte OUTPUT = 'O';
    public static final byte PROGRESS = 'P';
    public static final byte OK = 'K';
    public static final byte ERROR = 'E';
    /** Longest string accepted (a probe file's text), so a bad peer cannot make the other side allocate without bound. */
    public static final int MAX_STRING = 16 << 20;
    public static final int MAX_ARGS = 64;

    private Frames() {}

    public static void writeRequest(DataOutputStream out, List<String> args) throws IOException {
        if (args.isEmpty() || args.size() > MAX_ARGS) {
            throw new IllegalArgumentException("a request has 1 to " + MAX_ARGS + " arguments, got " + args.size());
        }
        out.writeInt(MAGIC);
        out.writeInt(args.size());
        for (String a : args) {
            writeString(out, a);
        }
        out.flush();
    }

    /** Reads a request; throws {@link ProtocolException} for anything that is not one. */
    public static List<String> readRequest(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new ProtocolException(String.format("not a quiesce control request (magic 0x%08x)", magic));
        }
        int argc = in.readInt();
        if (argc < 1 || argc > MAX_ARGS) {
            throw new ProtocolException("a request has 1 to " + MAX_ARGS + " arguments, got " + argc);
        }
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(readString(in));
        }
        return args;
    }

    public static void writeLine(DataOutputStream out, byte kind, String line) throws IOException {
        out.writeByte(kind);
        writeString(out, line);
    }

    public static void writeOk(DataOutputStream out) throws IOException {
        out.writeByte(OK);
        out.flush();
    }

    public static void writeError(DataOutputStream out, int code, String message) throws IOException {
        out.writeByte(ERROR);
        out.writeInt(code);
        writeString(out, message);
        out.flush();
    }

    /** One frame of an answer, as the client reads it. */
    public record Frame(byte kind, int code, String text) {
        public boolean isEnd() {
            return kind == OK || kind == ERROR;
        }
    }

    /** Reads the next frame of an answer. */
    public static Frame readFrame(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case OUTPUT:
            case PROGRESS:
                return new Frame(kind, 0, readString(in));
            case OK:
                return new Frame(kind, 0, "");
            case ERROR:
                int code = in.readInt();
                return new Frame(kind, code, readString(in));
            default:
                throw new ProtocolException("unknown frame kind " + (kind & 0xff));
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) {
            throw new IllegalArgumentException("string of " + b.length + " bytes is longer than " + MAX_STRING);
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new ProtocolException("string length " + n + " out of range");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A peer that does not speak the protocol. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        public ProtocolException(String message) {
            super(message);
        }
    }
}
