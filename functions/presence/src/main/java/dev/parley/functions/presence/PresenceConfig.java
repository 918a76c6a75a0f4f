package dev.parley.functions.presence;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.RateLimitConfig;

record PresenceConfig(String membersTable, String presenceTable, String presenceWatchTable, String throttlesTable,
                      String eventsTopicArn, RateLimitConfig rateLimits) {

    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    static PresenceConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new PresenceConfig(env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.PRESENCE_WATCH_TABLE), env.require(TableNames.THROTTLES_TABLE), env.require(EVENTS_TOPIC_ARN),
                RateLimitConfig.read(env));
    }
}
