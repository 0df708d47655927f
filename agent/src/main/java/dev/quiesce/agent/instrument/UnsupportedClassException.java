package dev.quiesce.agent.instrument;

/** A class the weaver cannot give sites to; the message says why in a user's words. */
public final class UnsupportedClassException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedClassException(String message) {
        super(message);
    }
}
