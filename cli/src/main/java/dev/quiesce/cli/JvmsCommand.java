package dev.quiesce.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.quiesce.agent.control.wire.ExitCodes;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jvms", mixinStandardHelpOptions = true,
        description = "List the local JVMs this user can attach to, and where quiesce is attached.")
final class JvmsCommand implements Callable<Integer> {
    @Option(names = {"-v", "--verbose"}, description = "Also attach briefly to each to read its Java version.")
    boolean verbose;

    @Override
    public Integer call() {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> vms = VirtualMachine.list().stream()
                .filter(d -> !d.id().equals(Long.toString(self)))
                .sorted(Comparator.comparingLong(d -> parse(d.id()))).toList();
        if (vms.isEmpty()) {
            System.out.println("no attachable JVMs of this user are running");
            return ExitCodes.OK;
        }
        System.out.println(verbose ? String.format("%-8s %-9s %-8s %s", "PID", "QUIESCE", "JAVA", "MAIN")
                : String.format("%-8s %-9s %s", "PID", "QUIESCE", "MAIN"));
        for (VirtualMachineDescriptor d : vms) {
            String quiesce = "-";
            String java = "?";
            try {
                TargetProcess p = TargetProcess.of(d.id());
                quiesce = Files.exists(Attacher.usualSocket(p.pid())) ? "attached" : "-";
                if (verbose) {
                    java = Attacher.withVm(p, vm -> vm.getSystemProperties().getProperty("java.version"));
                }
            } catch (CliException e) {
                quiesce = "?";
            }
            String name = d.displayName().isBlank() ? "(unnamed)" : d.displayName();
            String main = name.length() > 100 ? name.substring(0, 97) + "..." : name;
            System.out.println(verbose ? String.format("%-8s %-9s %-8s %s", d.id(), quiesce, java, main)
                    : String.format("%-8s %-9s %s", d.id(), quiesce, main));
        }
        return ExitCodes.OK;
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
