package dev.parley.local.engines;

/** An engine failed to start or to stop. */
public final class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
