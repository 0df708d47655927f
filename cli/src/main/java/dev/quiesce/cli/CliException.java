package dev.quiesce.cli;

/** A failure the command line reports in one plain sentence, with the exit code scripts see. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    CliException(int code, String message) {
        super(message);
        this.code = code;
    }

    CliException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    int code() {
        return code;
    }
}
