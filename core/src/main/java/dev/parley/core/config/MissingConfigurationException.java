package dev.parley.core.config;

/** A required environment variable is absent or invalid; the function cannot start. */
public final class MissingConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingConfigurationException(String message) {
        super(message);
    }
}
