package dev.quiesce.torture;

/**
 * The torture test of the grace-period domains, modelled on the Linux kernel's rcutorture: a writer replaces
 * a published element and retires the old one through every grace-period path, while readers of many kinds
 * check that nothing they hold is freed under them. Run it with
 * {@code java -cp quiesce-torture.jar:quiesce-runtime.jar dev.quiesce.torture.Torture --flavor tasks --seconds 30}.
 * It ends with {@code End of test: SUCCESS} (exit 0) or {@code End of test: FAILURE} (exit 1); a bad command
 * line exits 2.
 */
public final class Torture {
    private Torture() {}

    public static void main(String[] args) {
        TortureOptions options;
        try {
            options = TortureOptions.parse(args);
        } catch (TortureOptions.BadOptionException e) {
            System.err.println("torture: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(TortureOptions.USAGE);
            return;
        }
        int code;
        try {
            code = new TortureRun(options).run();
        } catch (RuntimeException | Error e) {
            // Setting up or tearing down the run failed: still a verdict, never a bare stack trace.
            System.out.println("torture: !!! " + e);
            e.printStackTrace(System.out);
            System.out.println(TortureReport.FAILURE);
            code = 1;
        }
        System.exit(code);
    }
}
