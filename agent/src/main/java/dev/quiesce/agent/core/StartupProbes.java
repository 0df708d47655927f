package dev.quiesce.agent.core;

import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Probes given to the agent at start: a file ({@code probes=}) and inline specs ({@code probe=}), parsed by the
 * same parser as every other way in, so the errors read the same. Each group is added all or nothing; a
 * failure is reported on stderr and leaves the service running without that group.
 */
final class StartupProbes {
    private final String file;
    private final String fileText;
    private final String fileError;
    private final String inline;

    private StartupProbes(String file, String fileText, String fileError, String inline) {
        this.file = file;
        this.fileText = fileText;
        this.fileError = fileError;
        this.inline = inline;
    }

    /** Reads the file now, so that an unreadable one is reported before anything starts. */
    static StartupProbes read(String file, String inline) {
        if (file == null) {
            return new StartupProbes(null, null, null, inline);
        }
        try {
            return new StartupProbes(file, Files.readString(Path.of(file), StandardCharsets.UTF_8), null, inline);
        } catch (IOException | RuntimeException e) {
            return new StartupProbes(file, null, "cannot read " + file + ": " + e, inline);
        }
    }

    /** Adds the probes; returns how many were added. */
    int addTo(ProbeControl control) {
        int added = 0;
        if (fileError != null) {
            System.err.println("quiesce: probes=" + file + " not added: " + fileError);
        } else if (fileText != null) {
            added += add(control, file, fileText);
        }
        if (inline != null) {
            added += add(control, "probe=", inline);
        }
        return added;
    }

    private static int add(ProbeControl control, String source, String text) {
        try {
            int n = 0;
            for (ProbeInfo p : control.addAll(source, text)) {
                System.err.println("quiesce: added " + p);
                n++;
            }
            return n;
        } catch (RuntimeException e) {
            System.err.println("quiesce: probes from " + source + " not added: " + e.getMessage());
            return 0;
        }
    }
}
