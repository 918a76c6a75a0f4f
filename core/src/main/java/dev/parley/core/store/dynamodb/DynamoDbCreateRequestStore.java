package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.CreateRequest;
import dev.parley.core.store.CreateRequestStore;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@code createChannel} requests in the Dedup table, under keys that cannot meet a message's: a message's key starts
 * with a channel id, which never contains {@code :}.
 */
public final class DynamoDbCreateRequestStore implements CreateRequestStore {

    /** A claim can lose to a record that expires (and is deleted) before it is read; then it claims again. */
    private static final int MAX_ATTEMPTS = 3;

    private final DynamoDbClient client;
    private final String dedupTable;

    public DynamoDbCreateRequestStore(DynamoDbClient client, String dedupTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.dedupTable = Objects.requireNonNull(dedupTable, "dedupTable");
    }

    @Override
    public CreateRequest claim(CreateRequest request, long nowEpochSeconds) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                // TTL deletes expired records some time after they expire, so an expired one counts as absent.
                client.putItem(PutItemRequest.builder().tableName(dedupTable)
                        .item(Map.of("dedupKey", s(request.requestKey()), "channelId", s(request.channelId()),
                                "fingerprint", s(request.fingerprint()), "expiresAt", n(request.expiresAt())))
                        .conditionExpression("attribute_not_exists(dedupKey) OR expiresAt <= :now")
                        .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds)))
                        .build());
                return request;
            } catch (ConditionalCheckFailedException e) {
                var item = client.getItem(r -> r.tableName(dedupTable).key(Map.of("dedupKey", s(request.requestKey())))
                        .consistentRead(true)).item();
                if (item != null && !item.isEmpty() && expiresAt(item) > nowEpochSeconds) {
                    return new CreateRequest(request.requestKey(), item.get("channelId").s(), item.get("fingerprint").s(),
                            expiresAt(item));
                }
            }
        }
        throw new IllegalStateException("the create request " + request.requestKey() + " could not be claimed");
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        var value = item.get("expiresAt");
        return value == null || value.n() == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }
}
