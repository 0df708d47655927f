package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the command line checks about a target before it touches it, read from {@code /proc}: that the process
 * exists, belongs to the same user, and is a HotSpot JVM. Each failure is one plain sentence with its exit code.
 */
final class TargetProcess {
    private final long pid;

    private TargetProcess(long pid) {
        this.pid = pid;
    }

    /** Parses and checks a pid argument: a positive number naming a live process. */
    static TargetProcess of(String pidArg) {
        long pid;
        try {
            pid = Long.parseLong(pidArg.trim());
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "not a process id: \"" + pidArg + "\" (see `quiesce jvms`)");
        }
        if (pid <= 0) {
            throw new CliException(ExitCodes.USAGE, "not a process id: " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new CliException(ExitCodes.USAGE, "pid " + pid + " is this quiesce command itself");
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) {
            throw new CliException(ExitCodes.NO_JVM, "no process with pid " + pid + " (see `quiesce jvms`)");
        }
        return new TargetProcess(pid);
    }

    long pid() {
        return pid;
    }

    boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Refuses a process of another user, unless this command runs as root. */
    void checkSameUser() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            int target = (Integer) Files.getAttribute(proc, "unix:uid");
            int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (target != me && me != 0) {
                throw new CliException(ExitCodes.REFUSED, "process " + pid + " belongs to user "
                        + Files.getOwner(proc).getName() + ", and quiesce controls only its own user's JVMs: run it "
                        + "as that user");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no /proc (not Linux): the Attach API checks the user itself
        }
    }

    /** Refuses a process that is not a HotSpot JVM, as far as its memory map tells. */
    void checkHotSpot() {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        String text;
        try {
            text = Files.readString(maps, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return; // unreadable: let the attach itself decide
        }
        if (!text.contains("/libjvm.so")) {
            throw new CliException(ExitCodes.NO_JVM, "process " + pid + " (" + command() + ") is not a HotSpot JVM");
        }
    }

    /** The process's command line, shortened, for messages. */
    String command() {
        String c = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
        return c.length() > 100 ? c.substring(0, 97) + "..." : c;
    }

    /** The raw command line from /proc (arguments separated by spaces), or "" if unreadable. */
    String rawCommandLine() {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
