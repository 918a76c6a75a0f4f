package dev.parley.core.config;

import static dev.parley.core.config.EnvironmentReader.require;

/** Names of the DynamoDB tables; each function reads only the ones it uses. */
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

    public static String connections() {
        return require(CONNECTIONS_TABLE);
    }

    public static String presence() {
        return require(PRESENCE_TABLE);
    }

    public static String channels() {
        return require(CHANNELS_TABLE);
    }

    public static String members() {
        return require(MEMBERS_TABLE);
    }

    public static String messages() {
        return require(MESSAGES_TABLE);
    }

    public static String dedup() {
        return require(DEDUP_TABLE);
    }

    public static String presenceWatch() {
        return require(PRESENCE_WATCH_TABLE);
    }

    public static String devices() {
        return require(DEVICES_TABLE);
    }

    public static String throttles() {
        return require(THROTTLES_TABLE);
    }
}
