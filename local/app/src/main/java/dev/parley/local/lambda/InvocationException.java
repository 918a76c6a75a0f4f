package dev.parley.local.lambda;

/** An invocation that failed as Lambda reports it: an error thrown by the handler, or the timeout. */
public final class InvocationException extends Exception {

    private final String errorType;

    public InvocationException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
