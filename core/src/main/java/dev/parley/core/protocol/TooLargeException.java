package dev.parley.core.protocol;

public final class TooLargeException extends ParleyException {

    public TooLargeException(String message) {
        super(ErrorCode.TOO_LARGE, message);
    }
}
