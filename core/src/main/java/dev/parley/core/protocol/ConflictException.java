package dev.parley.core.protocol;

public final class ConflictException extends ParleyException {

    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
