package dev.parley.functions.sendmessage;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.RateLimitConfig;
import java.time.Duration;

record SendMessageConfig(String channelsTable, String membersTable, String messagesTable, String dedupTable,
                         String throttlesTable, String eventsTopicArn, String attachmentsBucket, Duration retention,
                         RateLimitConfig rateLimits) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    static final String ATTACHMENTS_BUCKET = "ATTACHMENTS_BUCKET";
    static final String MESSAGE_RETENTION_DAYS = "MESSAGE_RETENTION_DAYS";

    static SendMessageConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        var days = env.optionalInt(MESSAGE_RETENTION_DAYS, 0);
        if (days < 0) {
            throw new IllegalArgumentException(MESSAGE_RETENTION_DAYS + " must be 0 (keep forever) or a number of days");
        }
        return new SendMessageConfig(env.require(TableNames.CHANNELS_TABLE), env.require(TableNames.MEMBERS_TABLE),
                env.require(TableNames.MESSAGES_TABLE), env.require(TableNames.DEDUP_TABLE), env.require(TableNames.THROTTLES_TABLE),
                env.require(EVENTS_TOPIC_ARN), env.require(ATTACHMENTS_BUCKET), Duration.ofDays(days),
                RateLimitConfig.read(env));
    }
}
