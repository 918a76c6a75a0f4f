package dev.parley.core.protocol;

public final class UnknownActionException extends ParleyException {

    public UnknownActionException(String message) {
        super(ErrorCode.UNKNOWN_ACTION, message);
    }
}
