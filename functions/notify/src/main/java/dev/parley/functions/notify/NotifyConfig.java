package dev.parley.functions.notify;

import static dev.parley.core.config.EnvironmentReader.optionalPairs;
import static dev.parley.core.config.EnvironmentReader.require;
import static dev.parley.core.config.EnvironmentReader.requireSeconds;

import dev.parley.core.config.TableNames;
import java.time.Duration;
import java.util.Map;

record NotifyConfig(String channelsTable, String membersTable, String presenceTable, String devicesTable, String throttlesTable,
                    String notificationsTopicArn, Map<String, String> platformApplications, Duration redeliveryWindow,
                    String notifyQueueUrl) {

    static final String NOTIFICATIONS_TOPIC_ARN = "NOTIFICATIONS_TOPIC_ARN";
    static final String PUSH_PLATFORM_APPLICATIONS = "PUSH_PLATFORM_APPLICATIONS";
    /** How long the notify queue may redeliver a record: set by the CDK app from the queue's visibility timeout and receives. */
    static final String NOTIFY_REDELIVERY_SECONDS = "NOTIFY_REDELIVERY_SECONDS";
    /** The notify queue itself: the summary of a coalescing window is put on it, delayed to the window's end. */
    static final String NOTIFY_QUEUE_URL = "NOTIFY_QUEUE_URL";

    static NotifyConfig fromEnvironment() {
        return new NotifyConfig(require(TableNames.CHANNELS_TABLE), require(TableNames.MEMBERS_TABLE),
                require(TableNames.PRESENCE_TABLE), require(TableNames.DEVICES_TABLE), require(TableNames.THROTTLES_TABLE),
                require(NOTIFICATIONS_TOPIC_ARN), optionalPairs(PUSH_PLATFORM_APPLICATIONS),
                requireSeconds(NOTIFY_REDELIVERY_SECONDS), require(NOTIFY_QUEUE_URL));
    }
}
