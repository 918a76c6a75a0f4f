package dev.parley.core.store;

/**
 * A listing was asked to continue from a cursor that the same listing did not hand out: garbled, forged, or taken from
 * another listing. Stores throw it instead of guessing where to continue; callers decide what it means to their client.
 */
public final class InvalidCursorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidCursorException(String message) {
        super(message);
    }
}
