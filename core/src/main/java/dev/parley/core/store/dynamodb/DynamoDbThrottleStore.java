package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.store.ThrottleStore;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counters and claims with a TTL. Keys carry their window, so a counter never needs resetting; TTL removes it
 * later, and {@code expiresAt} is also compared on claim because TTL deletion is not immediate.
 */
public final class DynamoDbThrottleStore implements ThrottleStore {

    private final DynamoDbClient client;
    private final String throttlesTable;

    public DynamoDbThrottleStore(DynamoDbClient client, String throttlesTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.throttlesTable = Objects.requireNonNull(throttlesTable, "throttlesTable");
    }

    @Override
    public long increment(String key, long expiresAt) {
        var updated = client.updateItem(UpdateItemRequest.builder().tableName(throttlesTable)
                .key(Map.of("throttleKey", s(key)))
                .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":one", n(1), ":expires", n(expiresAt)))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
        return Long.parseLong(updated.attributes().get("count").n());
    }

    @Override
    public boolean claim(String key, long expiresAt, long nowEpochSeconds) {
        try {
            client.putItem(PutItemRequest.builder().tableName(throttlesTable)
                    .item(Map.of("throttleKey", s(key), "count", n(1), "expiresAt", n(expiresAt)))
                    .conditionExpression("attribute_not_exists(throttleKey) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Claim claimOrFindHolder(String key, long expiresAt, long nowEpochSeconds) {
        try {
            client.putItem(PutItemRequest.builder().tableName(throttlesTable)
                    .item(Map.of("throttleKey", s(key), "count", n(1), "expiresAt", n(expiresAt)))
                    .conditionExpression("attribute_not_exists(throttleKey) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return new Claim(true, expiresAt);
        } catch (ConditionalCheckFailedException e) {
            // The condition failed on the item it returns, so the holder is read in the same request.
            return new Claim(false, Long.parseLong(e.item().get("expiresAt").n()));
        }
    }

    @Override
    public long add(String key, long amount, long expiresAt) {
        var updated = client.updateItem(UpdateItemRequest.builder().tableName(throttlesTable)
                .key(Map.of("throttleKey", s(key)))
                .updateExpression("ADD #count :amount SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":amount", n(amount), ":expires", n(expiresAt)))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
        return Long.parseLong(updated.attributes().get("count").n());
    }

    @Override
    public long takeCount(String key) {
        var deleted = client.deleteItem(DeleteItemRequest.builder().tableName(throttlesTable).key(Map.of("throttleKey", s(key)))
                .returnValues(ReturnValue.ALL_OLD).build());
        var count = deleted.hasAttributes() ? deleted.attributes().get("count") : null;
        return count == null ? 0 : Long.parseLong(count.n());
    }

    @Override
    public void release(String key) {
        client.deleteItem(DeleteItemRequest.builder().tableName(throttlesTable).key(Map.of("throttleKey", s(key))).build());
    }

    @Override
    public boolean take(String key, long nowEpochSeconds) {
        try {
            client.deleteItem(DeleteItemRequest.builder().tableName(throttlesTable).key(Map.of("throttleKey", s(key)))
                    .conditionExpression("attribute_exists(throttleKey) AND expiresAt >= :now")
                    .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
