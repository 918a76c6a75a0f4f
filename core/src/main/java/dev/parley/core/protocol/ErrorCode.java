package dev.parley.core.protocol;

/** The error codes of PROTOCOL.md, with their wire names. */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    UNKNOWN_ACTION("unknown_action"),
    TOO_LARGE("too_large"),
    NOT_FOUND("not_found"),
    FORBIDDEN("forbidden"),
    /** The token the connection was opened with has expired: the client reconnects with a fresh one. */
    UNAUTHORIZED("unauthorized"),
    RATE_LIMITED("rate_limited"),
    CONFLICT("conflict"),
    INTERNAL("internal"),
    /** The channel is archived: it is read, not written, until an owner unarchives it. */
    ARCHIVED("archived");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
