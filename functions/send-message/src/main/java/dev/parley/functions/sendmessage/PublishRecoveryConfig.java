package dev.parley.functions.sendmessage;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record PublishRecoveryConfig(String channelsTable, String messagesTable, String dedupTable, String eventsTopicArn) {

    static PublishRecoveryConfig fromEnvironment() {
        return new PublishRecoveryConfig(require(TableNames.CHANNELS_TABLE), require(TableNames.MESSAGES_TABLE),
                require(TableNames.DEDUP_TABLE), require(SendMessageConfig.EVENTS_TOPIC_ARN));
    }
}
