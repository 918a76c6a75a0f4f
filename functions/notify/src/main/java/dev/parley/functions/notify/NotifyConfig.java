package dev.parley.functions.notify;

import static dev.parley.core.config.EnvironmentReader.optionalPairs;
import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;
import java.util.Map;

record NotifyConfig(String channelsTable, String membersTable, String presenceTable, String devicesTable, String throttlesTable,
                    String notificationsTopicArn, Map<String, String> platformApplications) {

    static final String NOTIFICATIONS_TOPIC_ARN = "NOTIFICATIONS_TOPIC_ARN";
    static final String PUSH_PLATFORM_APPLICATIONS = "PUSH_PLATFORM_APPLICATIONS";

    static NotifyConfig fromEnvironment() {
        return new NotifyConfig(require(TableNames.CHANNELS_TABLE), require(TableNames.MEMBERS_TABLE),
                require(TableNames.PRESENCE_TABLE), require(TableNames.DEVICES_TABLE), require(TableNames.THROTTLES_TABLE),
                require(NOTIFICATIONS_TOPIC_ARN), optionalPairs(PUSH_PLATFORM_APPLICATIONS));
    }
}
