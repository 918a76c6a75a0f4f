package dev.parley.functions.fanout;

import static dev.parley.core.config.EnvironmentReader.optionalInt;
import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record FanoutConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                    String presenceWatchTable, String dedupTable, String eventsTopicArn, String fanoutQueueUrl,
                    String connectionsEndpoint, int shardSize, int concurrency) {

    static final String FANOUT_QUEUE_URL = "FANOUT_QUEUE_URL";
    static final String CONNECTIONS_ENDPOINT = "CONNECTIONS_ENDPOINT";
    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    /** Optional: audiences above this many users are split into shard jobs; 500 by default. */
    static final String FANOUT_SHARD_SIZE = "FANOUT_SHARD_SIZE";
    /** Optional: parallel PostToConnection calls per record; 32 by default. */
    static final String FANOUT_CONCURRENCY = "FANOUT_CONCURRENCY";

    static FanoutConfig fromEnvironment() {
        return new FanoutConfig(require(TableNames.CONNECTIONS_TABLE), require(TableNames.PRESENCE_TABLE),
                require(TableNames.MEMBERS_TABLE), require(TableNames.CHANNEL_CONNECTIONS_TABLE), require(TableNames.PRESENCE_WATCH_TABLE),
                require(TableNames.DEDUP_TABLE), require(EVENTS_TOPIC_ARN),
                require(FANOUT_QUEUE_URL), require(CONNECTIONS_ENDPOINT), optionalInt(FANOUT_SHARD_SIZE, 500),
                optionalInt(FANOUT_CONCURRENCY, 32));
    }
}
