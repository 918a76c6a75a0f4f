package dev.parley.functions.channels;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record ChannelsConfig(String channelsTable, String membersTable, String messagesTable, String dedupTable, String presenceTable,
                      String channelConnectionsTable, String throttlesTable, String eventsTopicArn) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static ChannelsConfig fromEnvironment() {
        return new ChannelsConfig(require(TableNames.CHANNELS_TABLE), require(TableNames.MEMBERS_TABLE),
                require(TableNames.MESSAGES_TABLE), require(TableNames.DEDUP_TABLE), require(TableNames.PRESENCE_TABLE),
                require(TableNames.CHANNEL_CONNECTIONS_TABLE), require(TableNames.THROTTLES_TABLE), require(EVENTS_TOPIC_ARN));
    }
}
