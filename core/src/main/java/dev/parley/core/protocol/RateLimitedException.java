package dev.parley.core.protocol;

public final class RateLimitedException extends ParleyException {

    public RateLimitedException(String message) {
        super(ErrorCode.RATE_LIMITED, message);
    }
}
