package dev.quiesce.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Remove every probe safely, restore every class, and unload the agent from a JVM.",
                "The agent can be attached again later."})
final class DetachCommand implements Callable<Integer> {
    @Mixin
    TargetArgs target;

    @Override
    public Integer call() {
        int code = target.run("detach");
        if (code == 0 && !target.json) {
            System.out.println("detached from JVM " + target.pid.trim());
        }
        return code;
    }
}
