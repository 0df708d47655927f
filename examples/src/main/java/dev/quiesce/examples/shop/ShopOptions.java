package dev.quiesce.examples.shop;

import java.util.Locale;

/**
 * The command line of {@link ShopService}, parsed by hand.
 *
 * @param port port to listen on, 0 for an ephemeral one
 * @param load client threads of the built-in load generator, 0 for none
 * @param seconds run time, 0 to run until killed
 * @param executor threads that handle requests
 * @param quiet no periodic load lines
 * @param help print the usage and exit
 */
public record ShopOptions(int port, int load, int seconds, ExecutorKind executor, boolean quiet, boolean help) {
    public static final String USAGE = "usage: ShopService [--port N] [--load N] [--seconds N]"
            + " [--executor auto|virtual|platform] [--quiet]\n"
            + "  --port N       port on 127.0.0.1, 0 to 65535 (default 0: an ephemeral port)\n"
            + "  --load N       built-in load generator with N client threads, 0 to 256 (default 0: none)\n"
            + "  --seconds N    stop after N seconds, 0 to 86400 (default 0: run until killed)\n"
            + "  --executor K   request threads: virtual (JDK 21+), platform, auto (default: virtual if available)\n"
            + "  --quiet        no load stats lines";

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException with a one-line reason for an unknown option, a missing or bad value
     */
    public static ShopOptions parse(String... args) {
        int port = 0;
        int load = 0;
        int seconds = 0;
        ExecutorKind executor = ExecutorKind.AUTO;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = number(a, value(args, i++), 0, 65535);
                case "--load" -> load = number(a, value(args, i++), 0, 256);
                case "--seconds" -> seconds = number(a, value(args, i++), 0, 86400);
                case "--executor" -> executor = executor(value(args, i++));
                case "--quiet" -> quiet = true;
                case "-h", "--help" -> {
                    return new ShopOptions(port, load, seconds, executor, quiet, true);
                }
                default -> throw new IllegalArgumentException("unknown option \"" + a + "\"");
            }
        }
        return new ShopOptions(port, load, seconds, executor, quiet, false);
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int number(String option, String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            n = Integer.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " needs a whole number from " + min + " to " + max
                    + ", got \"" + text + "\"");
        }
        return n;
    }

    private static ExecutorKind executor(String text) {
        try {
            return ExecutorKind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--executor needs auto, virtual or platform, got \"" + text + "\"");
        }
    }
}
