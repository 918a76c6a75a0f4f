package dev.parley.functions.disconnect;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;

record DisconnectConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                        String eventsTopicArn) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static DisconnectConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new DisconnectConfig(env.require(TableNames.CONNECTIONS_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.CHANNEL_CONNECTIONS_TABLE), env.require(EVENTS_TOPIC_ARN));
    }
}
