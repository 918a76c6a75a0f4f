package dev.parley.functions.presence;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;

record SweepConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                   String eventsTopicArn, String connectionsEndpoint) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    static final String CONNECTIONS_ENDPOINT = "CONNECTIONS_ENDPOINT";

    static SweepConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new SweepConfig(env.require(TableNames.CONNECTIONS_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.CHANNEL_CONNECTIONS_TABLE), env.require(EVENTS_TOPIC_ARN),
                env.require(CONNECTIONS_ENDPOINT));
    }
}
