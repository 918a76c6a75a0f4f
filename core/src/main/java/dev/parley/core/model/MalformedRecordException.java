package dev.parley.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A queue record or event envelope that Parley's own parsing cannot read: not JSON, an unknown version or job kind,
 * a required field missing. Delivering it again cannot help, so a queue consumer lets it go to the dead-letter queue
 * as a poison record; every other failure of a record is taken as passing and retried.
 */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    /**
     * A record that is not JSON. The parser's own message quotes the text it stopped at, which may be a message
     * body, so only where it stopped is kept.
     */
    public static MalformedRecordException notJson(JsonProcessingException e) {
        var location = e.getLocation();
        return new MalformedRecordException(location == null ? "record is not JSON"
                : "record is not JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }
}
