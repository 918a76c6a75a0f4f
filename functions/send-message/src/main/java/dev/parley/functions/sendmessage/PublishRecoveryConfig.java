package dev.parley.functions.sendmessage;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;

record PublishRecoveryConfig(String channelsTable, String messagesTable, String dedupTable, String eventsTopicArn) {

    static PublishRecoveryConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new PublishRecoveryConfig(env.require(TableNames.CHANNELS_TABLE), env.require(TableNames.MESSAGES_TABLE),
                env.require(TableNames.DEDUP_TABLE), env.require(SendMessageConfig.EVENTS_TOPIC_ARN));
    }
}
