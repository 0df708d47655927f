package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Add, swap, remove and list probes in a JVM.",
        subcommands = {ProbeCommand.Add.class, ProbeCommand.Swap.class, ProbeCommand.Remove.class,
                ProbeCommand.ListProbes.class})
final class ProbeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "add, swap, remove or list is needed");
    }

    static final String SPEC_HELP = "A probe spec, e.g. 'timing com.example.Shop#price(long) hist name=price' "
            + "(kinds: entry return throw exit timing; actions: count hist capture stack handler=CLASS).";

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a probe (attaching the agent first if needed).",
                    "The spec's words may be given as one quoted argument or as several."})
    static final class Add implements Callable<Integer> {
        @Mixin
        TargetArgs target;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "SPEC", description = SPEC_HELP)
        List<String> words = List.of();

        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "A file of specs instead: one per line ('#' comments) or JSON. All or nothing.")
        Path file;

        @Override
        public Integer call() {
            if ((file == null) == words.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "give either a spec or --file FILE");
            }
            Target t = target.target();
            boolean json = target.json;
            if (file != null) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
                }
                return t.run(t.clientAttaching(Layout.agentJar()), json, "add-file", file.toString(), text);
            }
            return t.run(t.clientAttaching(Layout.agentJar()), json, "add", String.join(" ", words));
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
            description = {"Replace a probe's action atomically: every call is handled by the old version or the "
                    + "new one.", "Prints the old version's final report once its grace period has ended."})
    static final class Swap implements Callable<Integer> {
        @Mixin
        TargetArgs target;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "SPEC", description = SPEC_HELP)
        List<String> words;

        @Override
        public Integer call() {
            return target.run("swap", name, String.join(" ", words));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove probes safely: returns after a grace period, when no handler of theirs can run "
                    + "again, with each one's final report."})
    static final class Remove implements Callable<Integer> {
        @Mixin
        TargetArgs target;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME")
        List<String> names = List.of();

        @Option(names = "--all", description = "Remove every probe.")
        boolean all;

        @Override
        public Integer call() {
            if (all == !names.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "give probe names or --all");
            }
            Target t = target.target();
            ControlClient c = t.client();
            if (all) {
                return t.run(c, target.json, "remove-all");
            }
            int code = ExitCodes.OK;
            for (String n : names) {
                int r = t.run(c, target.json, "remove", n);
                code = code == ExitCodes.OK ? r : code;
            }
            return code;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the probes linked in a JVM.")
    static final class ListProbes implements Callable<Integer> {
        @Mixin
        TargetArgs target;

        @Override
        public Integer call() {
            return target.run("list");
        }
    }
}
