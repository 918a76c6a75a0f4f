package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.PresenceWatch;
import dev.parley.core.store.PresenceWatchStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Who watches whose presence, by watched user; entries expire with the watching connection. Each watching connection
 * also has one item listing whom it watches, under a partition key no user id can take (user ids have no {@code #}).
 */
public final class DynamoDbPresenceWatchStore implements PresenceWatchStore {

    private static final String WATCH_LIST_PREFIX = "#connection#";
    private static final String WATCH_LIST_SORT_KEY = "watching";

    private final DynamoDbClient client;
    private final String watchTable;
    private final DynamoDbTable<PresenceWatch> watches;
    private final Clock clock;

    public DynamoDbPresenceWatchStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String watchTable) {
        this(enhanced, client, watchTable, Clock.systemUTC());
    }

    DynamoDbPresenceWatchStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String watchTable, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.watchTable = Objects.requireNonNull(watchTable, "watchTable");
        this.watches = enhanced.table(watchTable, Schemas.presenceWatch());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void putAll(List<PresenceWatch> all) {
        var writes = all.stream().map(watch -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(Schemas.presenceWatch().itemToMap(watch, true)).build()).build()).toList();
        DynamoDb.batchWrite(client, watchTable, writes);
    }

    /** Live watches only: TTL deletes expired ones some time after they expire, not at once. */
    @Override
    public List<PresenceWatch> watchersOf(String watchedUserId) {
        var now = clock.instant().getEpochSecond();
        var found = new ArrayList<PresenceWatch>();
        watches.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(watchedUserId).build())).items().forEach(watch -> {
            if (watch.expiresAt() > now) {
                found.add(watch);
            }
        });
        return found;
    }

    @Override
    public void remove(String watchedUserId, String connectionId) {
        watches.deleteItem(Key.builder().partitionValue(watchedUserId).sortValue(connectionId).build());
    }

    @Override
    public Set<String> watchedBy(String connectionId) {
        var item = client.getItem(r -> r.tableName(watchTable).key(watchListKey(connectionId)).consistentRead(true)).item();
        if (item == null || !item.containsKey("watched")) {
            return Set.of();
        }
        return Set.copyOf(item.get("watched").ss());
    }

    @Override
    public boolean addWatched(String connectionId, int expectedSize, Set<String> added, long expiresAt) {
        if (added.isEmpty()) {
            return true;
        }
        var values = new HashMap<String, AttributeValue>();
        values.put(":added", AttributeValue.fromSs(List.copyOf(added)));
        values.put(":expiresAt", n(expiresAt));
        String condition;
        if (expectedSize == 0) {
            condition = "attribute_not_exists(watched)";
        } else {
            condition = "size(watched) = :size";
            values.put(":size", n(expectedSize));
        }
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(watchTable).key(watchListKey(connectionId))
                    .updateExpression("ADD watched :added SET expiresAt = :expiresAt")
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> watchListKey(String connectionId) {
        return Map.of("watchedUserId", s(WATCH_LIST_PREFIX + connectionId), "connectionId", s(WATCH_LIST_SORT_KEY));
    }
}
