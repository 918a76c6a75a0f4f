package dev.parley.core.protocol;

public final class BadRequestException extends ParleyException {

    public BadRequestException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }
}
