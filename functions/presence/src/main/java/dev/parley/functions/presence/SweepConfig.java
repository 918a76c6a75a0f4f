package dev.parley.functions.presence;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record SweepConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                   String eventsTopicArn, String connectionsEndpoint) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    static final String CONNECTIONS_ENDPOINT = "CONNECTIONS_ENDPOINT";

    static SweepConfig fromEnvironment() {
        return new SweepConfig(require(TableNames.CONNECTIONS_TABLE), require(TableNames.PRESENCE_TABLE),
                require(TableNames.MEMBERS_TABLE), require(TableNames.CHANNEL_CONNECTIONS_TABLE), require(EVENTS_TOPIC_ARN),
                require(CONNECTIONS_ENDPOINT));
    }
}
