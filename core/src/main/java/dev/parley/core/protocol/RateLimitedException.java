package dev.parley.core.protocol;

/** Over a per-user limit; {@link #retryAfterSeconds()} says when the limit opens again. */
public final class RateLimitedException extends ParleyException {

    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
