package dev.parley.local.engines.internal.sns;

/** An SNS error as the AWS query protocol reports it; the SDK maps {@link #code()} to its typed exception. */
public final class SnsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    public SnsException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public static SnsException notFound(String message) {
        return new SnsException("NotFound", 404, message);
    }

    public static SnsException invalidParameter(String message) {
        return new SnsException("InvalidParameter", 400, "Invalid parameter: " + message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** {@code Sender} for client errors, {@code Receiver} for ours. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
