package dev.parley.core.wiring;

import dev.parley.core.aws.AwsClients;
import dev.parley.core.config.Environment;
import dev.parley.core.priming.Priming;
import dev.parley.core.priming.RehearsalHttpClient;
import dev.parley.core.priming.RehearsalWorld;
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
import dev.parley.core.store.ThreadStore;
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
import dev.parley.core.store.dynamodb.DynamoDbThreadStore;
import dev.parley.core.store.dynamodb.DynamoDbThrottleStore;
import dev.parley.core.store.dynamodb.Schemas;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The production adapters, built on SDK clients that are created once per execution environment and only when a
 * function first asks for them: a function that never touches S3 never builds an S3 client.
 *
 * <p>Each adapter asked for also adds a SnapStart priming step (see {@link Priming}): a request without side effects
 * through the same client, run before the snapshot, so that a restored function has loaded and run the SDK's
 * marshalling, signing and HTTP paths before its first request.
 */
public final class Production implements AutoCloseable {

    /**
     * The adapters built in this execution environment: a function's classes are loaded once per environment, so this
     * list is the environment's. A host that ends an environment while its JVM goes on (Parley Local discards a
     * sandbox that timed out or died) closes them, as the end of a Lambda sandbox's process would.
     */
    private static final List<Production> CREATED = new CopyOnWriteArrayList<>();

    /** An object key and connection id that nothing ever has. */
    private static final String PRIMING_KEY = "parley-priming-none";
    /** Appended to a queue's URL or a topic's ARN: one that does not exist, for sends the service refuses. */
    private static final String NOWHERE = "-" + PRIMING_KEY;

    private final AwsClients aws;
    private final List<Priming.Step> priming = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private DynamoDbEnhancedClient enhanced;
    private boolean writesPrimed;
    private SnsClient sns;
    private SqsClient sqs;
    private S3Client s3;
    private S3Presigner s3Presigner;
    private final List<ApiGatewayConnectionNotifier> notifiers = new ArrayList<>();

    /** A rehearsal's HTTP client, which its {@code @connections} posts go through too; null in production. */
    private final RehearsalHttpClient rehearsalHttp;

    private Production(AwsClients aws, RehearsalHttpClient rehearsalHttp) {
        this.aws = aws;
        this.rehearsalHttp = rehearsalHttp;
    }

    /**
     * The adapters of a function configured by {@code environment}, whose priming runs before its snapshot under
     * {@code function}'s name.
     */
    public static Production create(String function, Environment environment) {
        var production = new Production(AwsClients.create(environment), null);
        Priming.register(function, List.of(production::prime), production::closeConnections);
        CREATED.add(production);
        return production;
    }

    /**
     * The adapters of a function configured by {@code environment} for a rehearsal (see {@link Priming#rehearse}): SDK
     * clients of the same configuration whose requests are answered in the JVM from a {@link RehearsalWorld}, so nothing
     * leaves it, {@code @connections} posts included. They register no priming of their own, and are closed after the
     * rehearsal's last round.
     */
    public static Production rehearsal(Environment environment) {
        return rehearsal(environment, RehearsalWorld.of(environment, Instant.now()));
    }

    /** The same, in {@code world}. */
    public static Production rehearsal(Environment environment, RehearsalWorld world) {
        var http = new RehearsalHttpClient(world);
        var production = new Production(AwsClients.rehearsal(environment, http), http);
        Priming.afterRehearsal(production);
        return production;
    }

    /** Closes every {@code Production} of this execution environment: its SDK clients, their threads and connections. */
    public static void closeAll() {
        for (var production : CREATED) {
            production.close();
            CREATED.remove(production);
        }
    }

    /** Closes the clients built so far; the adapters made from them fail from then on. */
    @Override
    public synchronized void close() {
        var open = new ArrayList<AutoCloseable>(notifiers);
        for (AutoCloseable client : new AutoCloseable[] {dynamoDb, sns, sqs, s3, s3Presigner}) {
            if (client != null) {
                open.add(client);
            }
        }
        open.add(aws);
        RuntimeException failure = null;
        for (var resource : open) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the clients of an execution environment failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        notifiers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs the priming step of every adapter asked for so far. */
    public void prime() throws Exception {
        List<Priming.Step> steps;
        synchronized (this) {
            steps = List.copyOf(priming);
        }
        for (var step : steps) {
            step.run();
        }
    }

    /** Closes the connections the clients keep: a snapshot keeps none, since a restored environment's would lead nowhere. */
    public void closeConnections() {
        List<ApiGatewayConnectionNotifier> open;
        synchronized (this) {
            open = List.copyOf(notifiers);
        }
        open.forEach(ApiGatewayConnectionNotifier::closeIdleConnections);
        aws.closeIdleConnections();
    }

    private synchronized <T> T primed(T adapter, Priming.Step step) {
        priming.add(step);
        return adapter;
    }

    /**
     * Reads through the enhanced client with the table's schema, by a key no item has: the store's read paths (item,
     * query, and a query of each secondary index), which find nothing.
     */
    private Priming.Step readNothing(String table, TableSchema<?> schema) {
        var mapped = enhanced().table(table, schema);
        var metadata = schema.tableMetadata();
        var readTable = readNothing(table);
        return () -> {
            readTable.run();
            var key = key(metadata, metadata.primaryPartitionKey(), metadata.primarySortKey().orElse(null));
            mapped.getItem(key);
            mapped.query(r -> r.queryConditional(QueryConditional.keyEqualTo(key)).limit(1)).items().iterator().hasNext();
            for (var index : metadata.indices()) {
                if (!index.name().equals(TableMetadata.primaryIndexName())) {
                    var indexKey = key(metadata, metadata.indexPartitionKey(index.name()), null);
                    mapped.index(index.name()).query(r -> r.queryConditional(QueryConditional.keyEqualTo(indexKey)).limit(1))
                            .iterator().hasNext();
                }
            }
        };
    }

    private static Key key(TableMetadata metadata, String partition, String sort) {
        var key = Key.builder().partitionValue(keyValue(metadata, partition));
        if (sort != null) {
            key.sortValue(keyValue(metadata, sort));
        }
        return key.build();
    }

    private static AttributeValue keyValue(TableMetadata metadata, String attribute) {
        return metadata.scalarAttributeType(attribute).orElse(ScalarAttributeType.S) == ScalarAttributeType.N
                ? AttributeValue.fromN("-1") : AttributeValue.fromS(PRIMING_KEY);
    }

    /**
     * A read by a key the table cannot have, which DynamoDB refuses before reading anything; with the first table, also
     * every kind of write the stores make, each refused the same way (an item or key without the table's key), so
     * that the client's path of each operation has run. Refusals are caught as the SDK's common exception, not a
     * service's own, so that this class links in a jar without that service.
     */
    private synchronized Priming.Step readNothing(String table) {
        var client = dynamoDb();
        var bad = Map.of("parley-priming", AttributeValue.fromS(PRIMING_KEY));
        var names = Map.of("#a", "parley-priming");
        var values = Map.of(":v", AttributeValue.fromS(PRIMING_KEY));
        var writes = !writesPrimed;
        writesPrimed = true;
        return () -> {
            refused(() -> client.getItem(r -> r.tableName(table).key(bad)));
            if (!writes) {
                return;
            }
            refused(() -> client.putItem(r -> r.tableName(table).item(bad)));
            refused(() -> client.updateItem(r -> r.tableName(table).key(bad).updateExpression("SET #a = :v")
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
            refused(() -> client.deleteItem(r -> r.tableName(table).key(bad)));
            refused(() -> client.query(r -> r.tableName(table).keyConditionExpression("#a = :v")
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
            refused(() -> client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(bad).build()))));
            refused(() -> client.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(WriteRequest.builder()
                    .putRequest(p -> p.item(bad)).build())))));
            refused(() -> client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                    .put(p -> p.tableName(table).item(bad)).build())));
        };
    }

    private static void refused(Runnable request) {
        try {
            request.run();
        } catch (AwsServiceException refused) {
            // The refusal went through the whole request path, which is what priming is for.
        }
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
            // No extension: no schema has a version or counter attribute, so the default two would only cost every request.
            enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).extensions().build();
        }
        return enhanced;
    }

    private synchronized SnsClient sns() {
        if (sns == null) {
            sns = aws.sns();
        }
        return sns;
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = aws.sqs();
        }
        return sqs;
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = aws.s3();
        }
        return s3;
    }

    private synchronized S3Presigner s3Presigner() {
        if (s3Presigner == null) {
            s3Presigner = aws.s3Presigner();
        }
        return s3Presigner;
    }

    public ChannelStore channels(String channelsTable, String membersTable) {
        var store = new DynamoDbChannelStore(enhanced(), dynamoDb(), channelsTable, membersTable);
        return primed(primed(store, readNothing(channelsTable, Schemas.channel())), readNothing(membersTable, Schemas.member()));
    }

    /** Remembered createChannel requests, in the Dedup table. */
    public CreateRequestStore createRequests(String dedupTable) {
        return primed(new DynamoDbCreateRequestStore(dynamoDb(), dedupTable), readNothing(dedupTable));
    }

    public MemberStore members(String membersTable) {
        return primed(new DynamoDbMemberStore(enhanced(), dynamoDb(), membersTable), readNothing(membersTable, Schemas.member()));
    }

    public MessageStore messages(String channelsTable, String messagesTable, String dedupTable) {
        return primed(new DynamoDbMessageStore(enhanced(), dynamoDb(), channelsTable, messagesTable, dedupTable),
                readNothing(messagesTable, Schemas.message()));
    }

    /** Messages for reading history and nothing else: no Dedup table needed. */
    public HistoryStore history(String channelsTable, String messagesTable) {
        return primed(new DynamoDbHistoryStore(enhanced(), dynamoDb(), channelsTable, messagesTable),
                readNothing(messagesTable, Schemas.message()));
    }

    /** Thread replies, through the Messages table's thread index. */
    public ThreadStore threads(String messagesTable) {
        return primed(new DynamoDbThreadStore(dynamoDb(), messagesTable), readNothing(messagesTable, Schemas.message()));
    }

    public PendingPublishStore pendingPublishes(String dedupTable) {
        return primed(new DynamoDbPendingPublishStore(dynamoDb(), dedupTable), readNothing(dedupTable));
    }

    public ChannelConnectionStore channelConnections(String channelConnectionsTable) {
        return primed(new DynamoDbChannelConnectionStore(dynamoDb(), channelConnectionsTable), readNothing(channelConnectionsTable));
    }

    public ConnectionStore connections(String connectionsTable) {
        return primed(new DynamoDbConnectionStore(enhanced(), dynamoDb(), connectionsTable),
                readNothing(connectionsTable, Schemas.connection()));
    }

    public PresenceStore presence(String presenceTable) {
        return primed(new DynamoDbPresenceStore(dynamoDb(), presenceTable), readNothing(presenceTable, Schemas.presence()));
    }

    public PresenceWatchStore presenceWatches(String presenceWatchTable) {
        return primed(new DynamoDbPresenceWatchStore(enhanced(), dynamoDb(), presenceWatchTable),
                readNothing(presenceWatchTable, Schemas.presenceWatch()));
    }

    public DeviceStore devices(String devicesTable) {
        return primed(new DynamoDbDeviceStore(enhanced(), dynamoDb(), devicesTable), readNothing(devicesTable, Schemas.device()));
    }

    public ThrottleStore throttles(String throttlesTable) {
        return primed(new DynamoDbThrottleStore(dynamoDb(), throttlesTable), readNothing(throttlesTable));
    }

    public EventPublisher events(String eventsTopicArn) {
        return primed(new SnsEventPublisher(sns(), eventsTopicArn), readTopic(eventsTopicArn));
    }

    public PushGateway push(String notificationsTopicArn) {
        return primed(new SnsPushGateway(sns(), notificationsTopicArn), readTopic(notificationsTopicArn));
    }

    /** Platform endpoints, for registering devices. */
    public PushEndpoints pushEndpoints(Map<String, String> platformApplications) {
        return new SnsPushEndpoints(sns(), platformApplications);
    }

    public ShardQueue shardQueue(String queueUrl) {
        return primed(new SqsShardQueue(sqs(), queueUrl), readQueue(queueUrl));
    }

    /**
     * Reads one of the queue's attributes, then sends a message and a batch to a queue that does not exist (beside the
     * real one, which the function's role does not cover either): the send paths' marshalling, signing and HTTP run, the
     * service refuses them, and nothing is sent or received.
     */
    private Priming.Step readQueue(String queueUrl) {
        var client = sqs();
        var nowhere = queueUrl + NOWHERE;
        return () -> {
            client.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            refused(() -> client.sendMessage(r -> r.queueUrl(nowhere).messageBody("{}").delaySeconds(1)));
            refused(() -> client.sendMessageBatch(r -> r.queueUrl(nowhere).entries(SendMessageBatchRequestEntry.builder().id("0")
                    .messageBody("{}").build())));
        };
    }

    public DelayedQueue delayedQueue(String queueUrl) {
        return primed(new SqsDelayedQueue(sqs(), queueUrl), readQueue(queueUrl));
    }

    public ObjectStore objects(String bucket) {
        var objects = new S3ObjectStore(s3(), s3Presigner(), bucket);
        return primed(objects, () -> {
            objects.head(PRIMING_KEY);
            objects.presignDownload(PRIMING_KEY, Duration.ofMinutes(1));
        });
    }

    public ConnectionNotifier notifier(String connectionsEndpoint) {
        var endpoint = URI.create(connectionsEndpoint);
        var notifier = rehearsalHttp == null ? new ApiGatewayConnectionNotifier(endpoint, aws.region(), aws.credentials())
                : new ApiGatewayConnectionNotifier(endpoint, aws.region(), aws.credentials(), rehearsalHttp);
        synchronized (this) {
            notifiers.add(notifier);
        }
        return primed(notifier, () -> {
            try {
                notifier.isConnected(PRIMING_KEY);
            } catch (ApiGatewayConnectionNotifier.RefusedException expected) {
                // A connection id that was never issued: the refusal went through signing and HTTP all the same.
            }
        });
    }

    /**
     * Reads the topic's attributes, then publishes to a topic that does not exist (beside the real one), which the
     * service refuses: nothing is published.
     */
    private Priming.Step readTopic(String topicArn) {
        var client = sns();
        return () -> {
            try {
                client.getTopicAttributes(r -> r.topicArn(topicArn));
            } catch (AwsServiceException refused) {
                // Allowed or not, the request went through the whole request path, which is what priming is for.
            }
            refused(() -> client.publish(r -> r.topicArn(topicArn + NOWHERE).message("{}").messageAttributes(Map.of("type",
                    MessageAttributeValue.builder().dataType("String").stringValue("priming")
                            .build()))));
        };
    }
}
