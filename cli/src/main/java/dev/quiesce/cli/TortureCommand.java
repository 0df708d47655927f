package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(name = "torture",
        description = {"Run the grace-period torture test (rcutorture style) in a JVM of its own.",
                "Arguments go to it: --flavor tasks|trace|busted, --seconds N, --help. The busted flavor is "
                        + "deliberately broken and must report FAILURE."})
final class TortureCommand implements Callable<Integer> {
    /** Everything after {@code torture}, its --help included, is the torture test's. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Layout.java(), "-cp", Layout.classpath("torture"),
                "dev.quiesce.torture.Torture"));
        cmd.addAll(args);
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot start the torture test: " + e.getMessage(), e);
        }
    }
}
