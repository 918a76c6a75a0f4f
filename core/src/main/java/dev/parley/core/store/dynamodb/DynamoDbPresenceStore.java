package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;
import static dev.parley.core.store.dynamodb.DynamoDb.ss;

import dev.parley.core.model.Presence;
import dev.parley.core.store.PresenceStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Presence as a set of live connection ids per user. Set updates are atomic, so two devices connecting or leaving
 * at once never lose each other; the offline mark is conditional on the set being empty at that moment.
 */
public final class DynamoDbPresenceStore implements PresenceStore {

    private final DynamoDbClient client;
    private final String presenceTable;

    public DynamoDbPresenceStore(DynamoDbClient client, String presenceTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.presenceTable = Objects.requireNonNull(presenceTable, "presenceTable");
    }

    @Override
    public boolean addConnection(String userId, String connectionId, long now) {
        var old = client.updateItem(UpdateItemRequest.builder().tableName(presenceTable)
                .key(Map.of("userId", s(userId)))
                .updateExpression("ADD connectionIds :connection SET #status = :online, lastSeenAt = :now")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":connection", ss(connectionId), ":online", s("online"), ":now", n(now)))
                .returnValues(ReturnValue.ALL_OLD)
                .build()).attributes();
        var before = old == null ? null : old.get("connectionIds");
        return before == null || !before.hasSs() || before.ss().isEmpty();
    }

    @Override
    public boolean removeConnection(String userId, String connectionId, long now) {
        Map<String, AttributeValue> after;
        try {
            after = client.updateItem(UpdateItemRequest.builder().tableName(presenceTable)
                    .key(Map.of("userId", s(userId)))
                    .updateExpression("DELETE connectionIds :connection SET lastSeenAt = :now")
                    .conditionExpression("contains(connectionIds, :id)")
                    .expressionAttributeValues(Map.of(":connection", ss(connectionId), ":id", s(connectionId), ":now", n(now)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes();
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        var remaining = after.get("connectionIds");
        if (remaining != null && remaining.hasSs() && !remaining.ss().isEmpty()) {
            return false;
        }
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(presenceTable)
                    .key(Map.of("userId", s(userId)))
                    .updateExpression("SET #status = :offline")
                    .conditionExpression("attribute_not_exists(connectionIds)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":offline", s("offline")))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Map<String, Presence> findAll(Collection<String> userIds) {
        var keys = userIds.stream().distinct().map(id -> Map.of("userId", s(id))).toList();
        var found = new HashMap<String, Presence>();
        for (var item : DynamoDb.batchGet(client, presenceTable, keys)) {
            var presence = Schemas.presence().mapToItem(item);
            found.put(presence.userId(), presence);
        }
        return found;
    }
}
