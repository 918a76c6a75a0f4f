package dev.parley.functions.sendmessage;

import static dev.parley.core.config.EnvironmentReader.optionalInt;
import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;
import java.time.Duration;

record SendMessageConfig(String channelsTable, String membersTable, String messagesTable, String dedupTable,
                         String throttlesTable, String eventsTopicArn, String attachmentsBucket, Duration retention) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    static final String ATTACHMENTS_BUCKET = "ATTACHMENTS_BUCKET";
    static final String MESSAGE_RETENTION_DAYS = "MESSAGE_RETENTION_DAYS";

    static SendMessageConfig fromEnvironment() {
        var days = optionalInt(MESSAGE_RETENTION_DAYS, 0);
        if (days < 0) {
            throw new IllegalArgumentException(MESSAGE_RETENTION_DAYS + " must be 0 (keep forever) or a number of days");
        }
        return new SendMessageConfig(require(TableNames.CHANNELS_TABLE), require(TableNames.MEMBERS_TABLE),
                require(TableNames.MESSAGES_TABLE), require(TableNames.DEDUP_TABLE), require(TableNames.THROTTLES_TABLE),
                require(EVENTS_TOPIC_ARN), require(ATTACHMENTS_BUCKET), Duration.ofDays(days));
    }
}
