package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.store.PendingPublishStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The pending mark is two attributes of the Dedup item, {@code pendingShard} and {@code pendingSince}, which only a
 * marked item has: the sparse index {@code byPendingPublish} holds marked sends alone, spread over
 * {@link #SHARDS} partition keys so that no key takes every send's index write. Finding them is a {@code Query} per
 * shard, never a {@code Scan}.
 */
public final class DynamoDbPendingPublishStore implements PendingPublishStore {

    public static final String INDEX = "byPendingPublish";
    public static final String SHARD = "pendingShard";
    public static final String SINCE = "pendingSince";
    /** Each shard key takes up to 1,000 index writes a second: sixteen of them carry 16,000 sends a second. */
    public static final int SHARDS = 16;

    private final DynamoDbClient client;
    private final String dedupTable;

    public DynamoDbPendingPublishStore(DynamoDbClient client, String dedupTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.dedupTable = Objects.requireNonNull(dedupTable, "dedupTable");
    }

    /** The attributes that mark a send pending, written with its dedup record. */
    static Map<String, AttributeValue> mark(String dedupKey, long since) {
        return Map.of(SHARD, s(Integer.toString(Math.floorMod(dedupKey.hashCode(), SHARDS))), SINCE, n(since));
    }

    @Override
    public List<Pending> olderThan(long beforeMillis, int limit) {
        var found = new ArrayList<Pending>();
        for (int shard = 0; shard < SHARDS && found.size() < limit; shard++) {
            Map<String, AttributeValue> from = null;
            do {
                var response = client.query(QueryRequest.builder().tableName(dedupTable).indexName(INDEX)
                        .keyConditionExpression("#shard = :shard AND #since < :before")
                        .expressionAttributeNames(Map.of("#shard", SHARD, "#since", SINCE))
                        .expressionAttributeValues(Map.of(":shard", s(Integer.toString(shard)), ":before", n(beforeMillis)))
                        .limit(limit - found.size())
                        .exclusiveStartKey(from)
                        .build());
                for (var item : response.items()) {
                    found.add(new Pending(item.get("dedupKey").s(), Long.parseLong(item.get("seq").n()),
                            Long.parseLong(item.get(SINCE).n())));
                }
                from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (from != null && found.size() < limit);
        }
        return found;
    }

    @Override
    public boolean isPending(String dedupKey) {
        var item = client.getItem(GetItemRequest.builder().tableName(dedupTable).key(Map.of("dedupKey", s(dedupKey)))
                .projectionExpression("#shard").expressionAttributeNames(Map.of("#shard", SHARD)).consistentRead(true).build());
        return item.hasItem() && item.item().containsKey(SHARD);
    }

    @Override
    public boolean clear(String dedupKey) {
        // Only an item that exists is touched: a clear arriving after the record expired must not create an empty one.
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(dedupTable).key(Map.of("dedupKey", s(dedupKey)))
                    .updateExpression("REMOVE #shard, #since")
                    .conditionExpression("attribute_exists(dedupKey)")
                    .expressionAttributeNames(Map.of("#shard", SHARD, "#since", SINCE))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
