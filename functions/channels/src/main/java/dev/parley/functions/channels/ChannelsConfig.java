package dev.parley.functions.channels;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.RateLimitConfig;

record ChannelsConfig(String channelsTable, String membersTable, String messagesTable, String dedupTable, String presenceTable,
                      String channelConnectionsTable, String throttlesTable, String eventsTopicArn, RateLimitConfig rateLimits) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static ChannelsConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new ChannelsConfig(env.require(TableNames.CHANNELS_TABLE), env.require(TableNames.MEMBERS_TABLE),
                env.require(TableNames.MESSAGES_TABLE), env.require(TableNames.DEDUP_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.CHANNEL_CONNECTIONS_TABLE), env.require(TableNames.THROTTLES_TABLE), env.require(EVENTS_TOPIC_ARN),
                RateLimitConfig.read(env));
    }
}
