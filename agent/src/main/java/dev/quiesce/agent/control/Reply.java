package dev.quiesce.agent.control;

import dev.quiesce.agent.control.wire.ExitCodes;
import dev.quiesce.agent.control.wire.Frames;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The answer to one request, written as frames. Once the client has gone (a write failed), further output is
 * dropped: the command still finishes in the agent (a removal started is never abandoned halfway).
 */
class Reply {
    private final DataOutputStream out;
    /** Written and read by the one thread serving the request. */
    private boolean gone;

    Reply(DataOutputStream out) {
        this.out = out;
    }

    void line(String text) {
        frame(Frames.OUTPUT, text);
    }

    void progress(String text) {
        frame(Frames.PROGRESS, text);
    }

    void flush() {
        if (!gone) {
            try {
                out.flush();
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    boolean clientGone() {
        return gone;
    }

    void ok() {
        if (!gone) {
            try {
                Frames.writeOk(out);
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    void error(int code, String message) {
        if (!gone) {
            try {
                Frames.writeError(out, code, message);
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    void usage(String message) {
        error(ExitCodes.USAGE, message);
    }

    private void frame(byte kind, String text) {
        if (!gone) {
            try {
                Frames.writeLine(out, kind, text);
            } catch (IOException e) {
                gone = true;
            }
        }
    }
}
