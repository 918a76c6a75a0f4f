package dev.parley.core.wiring;

import dev.parley.core.aws.AwsClients;
import dev.parley.core.config.Environment;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.ConnectionNotifier;
import dev.parley.core.store.ConnectionStore;
import dev.parley.core.store.CreateRequestStore;
import dev.parley.core.store.DelayedQueue;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.MessageStore;
import dev.parley.core.store.ObjectStore;
import dev.parley.core.store.PendingPublishStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PresenceWatchStore;
import dev.parley.core.store.PushEndpoints;
import dev.parley.core.store.PushGateway;
import dev.parley.core.store.ShardQueue;
import dev.parley.core.store.ThrottleStore;
import dev.parley.core.store.aws.ApiGatewayConnectionNotifier;
import dev.parley.core.store.aws.S3ObjectStore;
import dev.parley.core.store.aws.SnsEventPublisher;
import dev.parley.core.store.aws.SnsPushEndpoints;
import dev.parley.core.store.aws.SnsPushGateway;
import dev.parley.core.store.aws.SqsDelayedQueue;
import dev.parley.core.store.aws.SqsShardQueue;
import dev.parley.core.store.dynamodb.DynamoDbChannelConnectionStore;
import dev.parley.core.store.dynamodb.DynamoDbChannelStore;
import dev.parley.core.store.dynamodb.DynamoDbConnectionStore;
import dev.parley.core.store.dynamodb.DynamoDbCreateRequestStore;
import dev.parley.core.store.dynamodb.DynamoDbDeviceStore;
import dev.parley.core.store.dynamodb.DynamoDbHistoryStore;
import dev.parley.core.store.dynamodb.DynamoDbMemberStore;
import dev.parley.core.store.dynamodb.DynamoDbMessageStore;
import dev.parley.core.store.dynamodb.DynamoDbPendingPublishStore;
import dev.parley.core.store.dynamodb.DynamoDbPresenceStore;
import dev.parley.core.store.dynamodb.DynamoDbPresenceWatchStore;
import dev.parley.core.store.dynamodb.DynamoDbThrottleStore;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The production adapters, built on SDK clients that are created once per execution environment and only when a
 * function first asks for them: a function that never touches S3 never builds an S3 client.
 */
public final class Production {

    private final AwsClients aws;
    private DynamoDbClient dynamoDb;
    private DynamoDbEnhancedClient enhanced;

    private Production(AwsClients aws) {
        this.aws = aws;
    }

    public static Production create() {
        return create(Environment.system());
    }

    /** The adapters of a function configured by {@code environment}. */
    public static Production create(Environment environment) {
        return new Production(AwsClients.create(environment));
    }

    public AwsClients aws() {
        return aws;
    }

    private synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = aws.dynamoDb();
        }
        return dynamoDb;
    }

    private synchronized DynamoDbEnhancedClient enhanced() {
        if (enhanced == null) {
            enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).build();
        }
        return enhanced;
    }

    public ChannelStore channels(String channelsTable, String membersTable) {
        return new DynamoDbChannelStore(enhanced(), dynamoDb(), channelsTable, membersTable);
    }

    /** Remembered createChannel requests, in the Dedup table. */
    public CreateRequestStore createRequests(String dedupTable) {
        return new DynamoDbCreateRequestStore(dynamoDb(), dedupTable);
    }

    public MemberStore members(String membersTable) {
        return new DynamoDbMemberStore(enhanced(), dynamoDb(), membersTable);
    }

    public MessageStore messages(String channelsTable, String messagesTable, String dedupTable) {
        return new DynamoDbMessageStore(enhanced(), dynamoDb(), channelsTable, messagesTable, dedupTable);
    }

    /** Messages for reading history and nothing else: no Dedup table needed. */
    public HistoryStore history(String channelsTable, String messagesTable) {
        return new DynamoDbHistoryStore(enhanced(), dynamoDb(), channelsTable, messagesTable);
    }

    public PendingPublishStore pendingPublishes(String dedupTable) {
        return new DynamoDbPendingPublishStore(dynamoDb(), dedupTable);
    }

    public ChannelConnectionStore channelConnections(String channelConnectionsTable) {
        return new DynamoDbChannelConnectionStore(dynamoDb(), channelConnectionsTable);
    }

    public ConnectionStore connections(String connectionsTable) {
        return new DynamoDbConnectionStore(enhanced(), dynamoDb(), connectionsTable);
    }

    public PresenceStore presence(String presenceTable) {
        return new DynamoDbPresenceStore(enhanced(), dynamoDb(), presenceTable);
    }

    public PresenceWatchStore presenceWatches(String presenceWatchTable) {
        return new DynamoDbPresenceWatchStore(enhanced(), dynamoDb(), presenceWatchTable);
    }

    public DeviceStore devices(String devicesTable) {
        return new DynamoDbDeviceStore(enhanced(), dynamoDb(), devicesTable);
    }

    public ThrottleStore throttles(String throttlesTable) {
        return new DynamoDbThrottleStore(enhanced(), dynamoDb(), throttlesTable);
    }

    public EventPublisher events(String eventsTopicArn) {
        return new SnsEventPublisher(aws.sns(), eventsTopicArn);
    }

    public PushGateway push(String notificationsTopicArn) {
        return new SnsPushGateway(aws.sns(), notificationsTopicArn);
    }

    /** Platform endpoints, for registering devices. */
    public PushEndpoints pushEndpoints(Map<String, String> platformApplications) {
        return new SnsPushEndpoints(aws.sns(), platformApplications);
    }

    public ShardQueue shardQueue(String queueUrl) {
        return new SqsShardQueue(aws.sqs(), queueUrl);
    }

    public DelayedQueue delayedQueue(String queueUrl) {
        return new SqsDelayedQueue(aws.sqs(), queueUrl);
    }

    public ObjectStore objects(String bucket) {
        return new S3ObjectStore(aws.s3(), aws.s3Presigner(), bucket);
    }

    public ConnectionNotifier notifier(String connectionsEndpoint) {
        return new ApiGatewayConnectionNotifier(URI.create(connectionsEndpoint), aws.region(), aws.credentials());
    }
}
