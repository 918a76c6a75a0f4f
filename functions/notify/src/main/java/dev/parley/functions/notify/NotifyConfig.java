package dev.parley.functions.notify;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import java.time.Duration;

record NotifyConfig(String channelsTable, String membersTable, String presenceTable, String devicesTable, String throttlesTable,
                    String notificationsTopicArn, Duration redeliveryWindow, String notifyQueueUrl) {

    static final String NOTIFICATIONS_TOPIC_ARN = "NOTIFICATIONS_TOPIC_ARN";
    /** How long the notify queue may redeliver a record: set by the CDK app from the queue's visibility timeout and receives. */
    static final String NOTIFY_REDELIVERY_SECONDS = "NOTIFY_REDELIVERY_SECONDS";
    /** The notify queue itself: the summary of a coalescing window is put on it, delayed to the window's end. */
    static final String NOTIFY_QUEUE_URL = "NOTIFY_QUEUE_URL";

    static NotifyConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new NotifyConfig(env.require(TableNames.CHANNELS_TABLE), env.require(TableNames.MEMBERS_TABLE),
                env.require(TableNames.PRESENCE_TABLE), env.require(TableNames.DEVICES_TABLE), env.require(TableNames.THROTTLES_TABLE),
                env.require(NOTIFICATIONS_TOPIC_ARN), env.requireSeconds(NOTIFY_REDELIVERY_SECONDS), env.require(NOTIFY_QUEUE_URL));
    }
}
