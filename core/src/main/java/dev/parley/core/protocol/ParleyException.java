package dev.parley.core.protocol;

import java.util.Objects;

/**
 * A failure the client is told about: it carries the protocol error code, and its message is safe to send
 * back (it never contains a message body or a token).
 */
public abstract sealed class ParleyException extends RuntimeException
        permits BadRequestException, UnknownActionException, TooLargeException, NotFoundException,
        ForbiddenException, RateLimitedException, ConflictException, DeliveryPendingException, ArchivedException {

    private final ErrorCode code;

    protected ParleyException(ErrorCode code, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    protected ParleyException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
