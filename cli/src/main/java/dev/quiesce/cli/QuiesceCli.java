package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quiesce} command. Exit codes: 0 done, 1 failed in the target, 2 bad input (nothing changed),
 * 3 no such JVM, 4 refused (another user, attach or dynamic agents disabled), 5 not attached, 6 already
 * attached, 7 the target did not answer in time.
 */
@Command(name = "quiesce", mixinStandardHelpOptions = true, version = "quiesce 0.1.0",
        description = "Trace live JVM services and remove probes safely: a removed probe is freed only after a "
                + "grace period, once no thread can still be running it.",
        subcommands = {JvmsCommand.class, AttachCommand.class, ProbeCommand.class, WatchCommand.class,
                HistCommand.class, StatsCommand.class, DetachCommand.class, DemoCommand.class, TortureCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 done; 1 failed in the target; 2 bad input (nothing changed); 3 no such JVM;",
                "  4 refused (another user, attach or dynamic agent loading disabled); 5 not attached;",
                "  6 already attached; 7 the target did not answer in time",
                "%nFrom a checkout, `./quiesce bench [--quick]` runs the benchmark suite (`./quiesce bench --help`)."})
public final class QuiesceCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; the exit code. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new QuiesceCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println("quiesce: " + c.getMessage());
                return c.code();
            }
            cmd.getErr().println("quiesce: unexpected failure: " + e);
            e.printStackTrace(cmd.getErr());
            return ExitCodes.FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (try: quiesce --help)");
    }
}
