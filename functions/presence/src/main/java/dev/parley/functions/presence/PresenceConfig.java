package dev.parley.functions.presence;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record PresenceConfig(String membersTable, String presenceTable, String presenceWatchTable, String throttlesTable,
                      String eventsTopicArn) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static PresenceConfig fromEnvironment() {
        return new PresenceConfig(require(TableNames.MEMBERS_TABLE), require(TableNames.PRESENCE_TABLE),
                require(TableNames.PRESENCE_WATCH_TABLE), require(TableNames.THROTTLES_TABLE), require(EVENTS_TOPIC_ARN));
    }
}
