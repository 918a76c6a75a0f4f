package dev.parley.core.config;

/** The environment variables that carry the tables' names; each function reads only the ones it uses. */
public final class TableNames {

    public static final String CONNECTIONS_TABLE = "CONNECTIONS_TABLE";
    public static final String PRESENCE_TABLE = "PRESENCE_TABLE";
    public static final String CHANNELS_TABLE = "CHANNELS_TABLE";
    public static final String MEMBERS_TABLE = "MEMBERS_TABLE";
    public static final String MESSAGES_TABLE = "MESSAGES_TABLE";
    public static final String DEDUP_TABLE = "DEDUP_TABLE";
    public static final String PRESENCE_WATCH_TABLE = "PRESENCE_WATCH_TABLE";
    public static final String DEVICES_TABLE = "DEVICES_TABLE";
    public static final String THROTTLES_TABLE = "THROTTLES_TABLE";
    public static final String CHANNEL_CONNECTIONS_TABLE = "CHANNEL_CONNECTIONS_TABLE";

    private TableNames() {
    }
}
