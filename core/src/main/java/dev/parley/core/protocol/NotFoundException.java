package dev.parley.core.protocol;

public final class NotFoundException extends ParleyException {

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
