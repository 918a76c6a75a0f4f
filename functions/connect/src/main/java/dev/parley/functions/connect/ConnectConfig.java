package dev.parley.functions.connect;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record ConnectConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                     String eventsTopicArn) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static ConnectConfig fromEnvironment() {
        return new ConnectConfig(require(TableNames.CONNECTIONS_TABLE), require(TableNames.PRESENCE_TABLE),
                require(TableNames.MEMBERS_TABLE), require(TableNames.CHANNEL_CONNECTIONS_TABLE), require(EVENTS_TOPIC_ARN));
    }
}
