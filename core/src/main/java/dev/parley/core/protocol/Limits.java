package dev.parley.core.protocol;

/** Sizes the protocol accepts; a frame beyond them is refused with {@code too_large} or {@code bad_request}. */
public final class Limits {

    /** API Gateway's WebSocket frame limit. */
    public static final int MAX_FRAME_BYTES = 32 * 1024;
    public static final int MAX_TEXT_CHARS = 4_000;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_CLIENT_MSG_ID_CHARS = 64;
    public static final int MAX_CHANNEL_NAME_CHARS = 80;
    /** A channel is created in one transaction of at most 100 items: the channel and 99 members. */
    public static final int MAX_INITIAL_MEMBERS = 98;
    public static final int MAX_PRESENCE_SUBSCRIPTIONS = 100;
    public static final int MAX_HISTORY_PAGE = 100;
    public static final int DEFAULT_HISTORY_PAGE = 50;
    public static final int MAX_EMOJI_CHARS = 32;
    public static final int MAX_FILE_NAME_CHARS = 200;
    public static final int MAX_DEVICE_TOKEN_CHARS = 4_096;
    /** Registering one more evicts the user's least recently registered device. */
    public static final int MAX_DEVICES_PER_USER = 10;
    public static final int MAX_CURSOR_CHARS = 2_048;

    private Limits() {
    }
}
