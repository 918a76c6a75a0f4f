package dev.parley.core.testing;

import dev.parley.core.config.TableNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the ten tables of docs/architecture.md ("Tables") on the engines' DynamoDB: the same keys, GSIs and
 * projections, on-demand, with TTL where the contract has it. Every call uses a fresh name prefix, so test classes never
 * see each other's items.
 */
public final class LocalTables {

    /** The names of one set of tables. */
    public record Names(String connections, String presence, String channels, String members, String messages, String dedup,
                        String presenceWatch, String devices, String throttles, String channelConnections) {

        /** The environment variables a function reads the table names from ({@link TableNames}). */
        public Map<String, String> environment() {
            var environment = new LinkedHashMap<String, String>();
            environment.put(TableNames.CONNECTIONS_TABLE, connections);
            environment.put(TableNames.PRESENCE_TABLE, presence);
            environment.put(TableNames.CHANNELS_TABLE, channels);
            environment.put(TableNames.MEMBERS_TABLE, members);
            environment.put(TableNames.MESSAGES_TABLE, messages);
            environment.put(TableNames.DEDUP_TABLE, dedup);
            environment.put(TableNames.PRESENCE_WATCH_TABLE, presenceWatch);
            environment.put(TableNames.DEVICES_TABLE, devices);
            environment.put(TableNames.THROTTLES_TABLE, throttles);
            environment.put(TableNames.CHANNEL_CONNECTIONS_TABLE, channelConnections);
            return Map.copyOf(environment);
        }
    }

    private LocalTables() {
    }

    /** The ten tables on the shared engines, named after the test class. */
    public static Names create(Class<?> owner) {
        return create(LocalAws.shared().dynamoDb(), owner.getSimpleName());
    }

    public static Names create(DynamoDbClient client, String label) {
        var safe = label.replaceAll("[^A-Za-z0-9_.-]", "").toLowerCase(Locale.ROOT);
        var prefix = (safe.isEmpty() ? "t" : safe) + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        var names = new Names(prefix + "Connections", prefix + "Presence", prefix + "Channels", prefix + "Members",
                prefix + "Messages", prefix + "Dedup", prefix + "PresenceWatch", prefix + "Devices", prefix + "Throttles",
                prefix + "ChannelConnections");

        create(client, names.connections(), key("connectionId", null), "expiresAt",
                gsi("byUser", "userId", "connectionId", ProjectionType.KEYS_ONLY),
                gsi("bySweepBucket", "sweepBucket", "connectionId", ProjectionType.KEYS_ONLY));
        create(client, names.presence(), key("userId", null), null);
        create(client, names.channels(), key("channelId", null), null);
        create(client, names.members(), key("channelId", "userId"), null,
                gsi("byUser", "userId", "channelId", ProjectionType.ALL));
        create(client, names.messages(), new Key("channelId", "seq", ScalarAttributeType.N), "expiresAt");
        create(client, names.dedup(), key("dedupKey", null), "expiresAt",
                new Index("byPendingPublish", "pendingShard", "pendingSince", ScalarAttributeType.N, ProjectionType.INCLUDE,
                        List.of("seq")));
        create(client, names.presenceWatch(), key("watchedUserId", "connectionId"), "expiresAt");
        create(client, names.devices(), key("userId", "deviceId"), null,
                gsi("byDevice", "deviceId", "userId", ProjectionType.KEYS_ONLY));
        create(client, names.throttles(), key("throttleKey", null), "expiresAt");
        create(client, names.channelConnections(), key("channelId", "connectionId"), "expiresAt");
        return names;
    }

    private record Key(String partition, String sort, ScalarAttributeType sortType) {
    }

    private record Index(String name, String partition, String sort, ScalarAttributeType sortType, ProjectionType projection,
                         List<String> nonKeyAttributes) {
    }

    private static Key key(String partition, String sort) {
        return new Key(partition, sort, ScalarAttributeType.S);
    }

    private static Index gsi(String name, String partition, String sort, ProjectionType projection) {
        return new Index(name, partition, sort, ScalarAttributeType.S, projection, List.of());
    }

    private static void create(DynamoDbClient client, String table, Key key, String ttlAttribute, Index... indexes) {
        var attributes = new LinkedHashMap<String, ScalarAttributeType>();
        attributes.put(key.partition(), ScalarAttributeType.S);
        if (key.sort() != null) {
            attributes.put(key.sort(), key.sortType());
        }
        var gsis = new ArrayList<GlobalSecondaryIndex>();
        for (var index : indexes) {
            attributes.putIfAbsent(index.partition(), ScalarAttributeType.S);
            attributes.putIfAbsent(index.sort(), index.sortType());
            var projection = Projection.builder().projectionType(index.projection());
            if (!index.nonKeyAttributes().isEmpty()) {
                projection.nonKeyAttributes(index.nonKeyAttributes());
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(keySchema(index.partition(), index.sort()))
                    .projection(projection.build())
                    .build());
        }
        var request = CreateTableRequest.builder().tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(key.partition(), key.sort()))
                .attributeDefinitions(attributes.entrySet().stream()
                        .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                        .toList());
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        client.createTable(request.build());
        client.waiter().waitUntilTableExists(r -> r.tableName(table));
        if (ttlAttribute != null) {
            client.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(ttlAttribute).enabled(true)));
        }
    }

    private static List<KeySchemaElement> keySchema(String partition, String sort) {
        var schema = new ArrayList<KeySchemaElement>();
        schema.add(KeySchemaElement.builder().attributeName(partition).keyType(KeyType.HASH).build());
        if (sort != null) {
            schema.add(KeySchemaElement.builder().attributeName(sort).keyType(KeyType.RANGE).build());
        }
        return schema;
    }
}
