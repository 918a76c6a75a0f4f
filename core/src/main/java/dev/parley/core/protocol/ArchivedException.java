package dev.parley.core.protocol;

/** A write to an archived channel: sends, edits, reactions, joins, renames and topics are refused until it is unarchived. */
public final class ArchivedException extends ParleyException {

    public ArchivedException(String channelId) {
        super(ErrorCode.ARCHIVED, "channel " + channelId + " is archived");
    }
}
