package dev.parley.core.protocol;

public final class ForbiddenException extends ParleyException {

    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
