package dev.parley.core.protocol;

/** Sizes the protocol accepts; a frame beyond them is refused with {@code too_large} or {@code bad_request}. */
public final class Limits {

    /** API Gateway's WebSocket frame limit. */
    public static final int MAX_FRAME_BYTES = 32 * 1024;
    public static final int MAX_TEXT_CHARS = 4_000;
    public static final int MAX_ATTACHMENTS = 10;
    /** Different users one message may mention ({@code bad_request} beyond). */
    public static final int MAX_MENTIONS = 50;
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_CLIENT_MSG_ID_CHARS = 64;
    public static final int MAX_CHANNEL_NAME_CHARS = 80;
    /** A channel is created in one transaction of at most 100 items: the channel and 99 members. */
    public static final int MAX_INITIAL_MEMBERS = 98;
    /** Users one {@code addMembers} adds; each is a transaction of its own. */
    public static final int MAX_ADDED_MEMBERS = 25;
    /** Users one {@code subscribePresence} names. */
    public static final int MAX_PRESENCE_SUBSCRIPTIONS = 100;
    /** Users one connection watches in all, over every {@code subscribePresence} it sends ({@code too_large} beyond). */
    public static final int MAX_PRESENCE_WATCHES_PER_CONNECTION = 500;
    public static final int MAX_HISTORY_PAGE = 100;
    public static final int DEFAULT_HISTORY_PAGE = 50;
    public static final int MAX_EMOJI_CHARS = 32;
    /** Different emoji one message can carry. */
    public static final int MAX_REACTION_EMOJI = 20;
    /** Users who can react to one message with the same emoji. */
    public static final int MAX_REACTION_USERS = 50;
    /**
     * What a {@code history} response may take, serialized as UTF-8: under API Gateway's limit of 128 KB for a WebSocket
     * message, with room to spare; a page that would be larger holds fewer messages and says {@code hasMore}.
     */
    public static final int MAX_HISTORY_RESPONSE_BYTES = 120 * 1024;
    public static final int MAX_FILE_NAME_CHARS = 200;
    public static final int MAX_DEVICE_TOKEN_CHARS = 4_096;
    /** Registering one more evicts the user's least recently registered device. */
    public static final int MAX_DEVICES_PER_USER = 10;
    public static final int MAX_CURSOR_CHARS = 2_048;
    /**
     * The latest {@code mutedUntil} a {@code setNotifications} may set, 9999-12-31T23:59:59.999Z: a mute to then is a
     * mute until the member lifts it.
     */
    public static final long MAX_MUTED_UNTIL = 253_402_300_799_999L;

    /** A channel's topic; an empty topic clears it. */
    public static final int MAX_TOPIC_CHARS = 250;

    private Limits() {
    }
}
