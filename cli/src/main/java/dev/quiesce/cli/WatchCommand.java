package dev.quiesce.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Stream a probe's output live: hits per second, latency percentiles, captured calls, stacks.",
                "Given a spec instead of a probe name, the watch adds that probe and removes it when it ends "
                        + "(Ctrl+C or --duration), safely: the removal report is printed last. A hist probe's "
                        + "histogram is printed when the watch ends."})
final class WatchCommand implements Callable<Integer> {
    @Mixin
    TargetArgs target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROBE|SPEC",
            description = "A probe's name, or a spec: " + ProbeCommand.SPEC_HELP)
    List<String> words;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "1s", description = "How often to print (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: at Ctrl+C).")
    Duration duration;

    @Override
    public Integer call() {
        Target t = target.target();
        String probe = String.join(" ", words);
        boolean spec = probe.strip().contains(" ");
        ControlClient c = spec ? t.clientAttaching(Layout.agentJar()) : t.client();
        List<String> req = new ArrayList<>(List.of("watch", probe, Long.toString(interval.toMillis()),
                Long.toString(duration == null ? 0 : duration.toMillis())));
        if (target.json) {
            req.add("json");
        }
        long silence = Math.max(Target.SILENCE_MILLIS, 3 * interval.toMillis());
        return c.request(req, System.out::println, System.err::println, silence, true);
    }
}
