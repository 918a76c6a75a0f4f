package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.ChannelConnection;
import dev.parley.core.store.ChannelConnectionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Live connections by channel: key {@code channelId} + {@code connectionId}, with {@code userId} and a TTL. */
public final class DynamoDbChannelConnectionStore implements ChannelConnectionStore {

    private static final int PAGE = 1_000;

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoDbChannelConnectionStore(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC());
    }

    DynamoDbChannelConnectionStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void putAll(Collection<ChannelConnection> entries, long expiresAt) {
        var writes = entries.stream().distinct().map(entry -> WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                "channelId", s(entry.channelId()), "connectionId", s(entry.connectionId()), "userId", s(entry.userId()),
                "expiresAt", n(expiresAt))).build()).build()).toList();
        DynamoDb.batchWrite(client, table, writes);
    }

    @Override
    public void removeAll(Collection<ChannelConnection> entries) {
        var writes = entries.stream().distinct().map(entry -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(
                "channelId", s(entry.channelId()), "connectionId", s(entry.connectionId()))).build()).build()).toList();
        DynamoDb.batchWrite(client, table, writes);
    }

    /** Expired entries are left out: TTL deletes them some time after they expire, not at once. */
    @Override
    public void forEachPage(String channelId, Consumer<List<ChannelConnection>> page) {
        var now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).keyConditionExpression("channelId = :channel")
                    .expressionAttributeValues(Map.of(":channel", s(channelId))).limit(PAGE);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            var response = client.query(request.build());
            var entries = new ArrayList<ChannelConnection>();
            for (var item : response.items()) {
                var expiresAt = item.get("expiresAt");
                if (expiresAt == null || Long.parseLong(expiresAt.n()) > now) {
                    entries.add(new ChannelConnection(channelId, item.get("connectionId").s(), item.get("userId").s()));
                }
            }
            if (!entries.isEmpty()) {
                page.accept(entries);
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
