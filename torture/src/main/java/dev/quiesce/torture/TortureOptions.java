package dev.quiesce.torture;

/**
 * The command line: {@code --flavor tasks|trace|busted}, {@code --seconds N}, {@code --readers N},
 * {@code --help}; each value as the next argument or after '='.
 *
 * @param flavor one of {@link TortureFlavor#NAMES}
 * @param seconds how long the readers and writers run
 * @param readers reader threads, see {@link ReaderMix}
 * @param help true if {@code --help} was given (the other fields are then the defaults)
 */
record TortureOptions(String flavor, int seconds, int readers, boolean help) {
    static final String DEFAULT_FLAVOR = "tasks";
    static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 7 * 24 * 3600;
    static final int MAX_READERS = 256;

    static final String USAGE = String.join("\n",
            "usage: torture [--flavor tasks|trace|busted] [--seconds N] [--readers N]",
            "  --flavor   the domain to torture: tasks (TasksRcu, default), trace (TasksTraceRcu),",
            "             busted (grace periods that end at once: the run must fail)",
            "  --seconds  how long to run, default " + DEFAULT_SECONDS,
            "  --readers  reader threads, default " + ReaderMix.DEFAULT_READERS
                    + " (kinds in rotation: hot, holdout, parking, offline, churning, virtual)",
            "Prints End of test: SUCCESS and exits 0, or End of test: FAILURE and exits 1; bad options exit 2.");

    /** A command line that cannot be run; the message is one line for the user. */
    static final class BadOptionException extends Exception {
        private static final long serialVersionUID = 1L;

        BadOptionException(String message) {
            super(message);
        }
    }

    static TortureOptions parse(String... args) throws BadOptionException {
        String flavor = DEFAULT_FLAVOR;
        int seconds = DEFAULT_SECONDS;
        int readers = ReaderMix.DEFAULT_READERS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return new TortureOptions(DEFAULT_FLAVOR, DEFAULT_SECONDS, ReaderMix.DEFAULT_READERS, true);
                }
                case "--flavor", "--seconds", "--readers" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new BadOptionException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--flavor" -> flavor = flavor(value);
                        case "--seconds" -> seconds = number(name, value, MAX_SECONDS);
                        default -> readers = number(name, value, MAX_READERS);
                    }
                }
                default -> throw new BadOptionException("unknown option \"" + arg + "\"");
            }
        }
        return new TortureOptions(flavor, seconds, readers, false);
    }

    private static String flavor(String value) throws BadOptionException {
        if (!TortureFlavor.NAMES.contains(value)) {
            throw new BadOptionException("--flavor must be one of tasks, trace, busted, got \"" + value + "\"");
        }
        return value;
    }

    private static int number(String name, String value, int max) throws BadOptionException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw new BadOptionException(name + " must be a whole number from 1 to " + max + ", got \"" + value + "\"");
        }
        return n;
    }
}
