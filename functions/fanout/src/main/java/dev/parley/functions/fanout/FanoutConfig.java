package dev.parley.functions.fanout;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;

record FanoutConfig(String connectionsTable, String presenceTable, String membersTable, String channelConnectionsTable,
                    String presenceWatchTable, String dedupTable, String eventsTopicArn, String fanoutQueueUrl,
                    String connectionsEndpoint, int shardSize, int concurrency) {

    static final String FANOUT_QUEUE_URL = "FANOUT_QUEUE_URL";
    static final String CONNECTIONS_ENDPOINT = "CONNECTIONS_ENDPOINT";
    static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    /** Optional: audiences above this many users are split into shard jobs; 500 by default. */
    static final String FANOUT_SHARD_SIZE = "FANOUT_SHARD_SIZE";
    /** Optional: PostToConnection calls under way at once in the execution environment, over a whole batch; 64 by default. */
    static final String FANOUT_CONCURRENCY = "FANOUT_CONCURRENCY";

    static FanoutConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new FanoutConfig(env.require(TableNames.CONNECTIONS_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.CHANNEL_CONNECTIONS_TABLE),
                env.require(TableNames.PRESENCE_WATCH_TABLE), env.require(TableNames.DEDUP_TABLE), env.require(EVENTS_TOPIC_ARN),
                env.require(FANOUT_QUEUE_URL), env.require(CONNECTIONS_ENDPOINT), env.optionalInt(FANOUT_SHARD_SIZE, 500),
                env.optionalInt(FANOUT_CONCURRENCY, 64));
    }
}
