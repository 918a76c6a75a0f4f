package dev.parley.core.store.dynamodb;

import dev.parley.core.json.Json;
import dev.parley.core.retry.RetryPolicy;
import dev.parley.core.store.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Low-level helpers the stores share: attribute values, batches with their unprocessed remainder, cursors. */
final class DynamoDb {

    static final int BATCH_GET_LIMIT = 100;
    static final int BATCH_WRITE_LIMIT = 25;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String LISTING = "~listing";

    private DynamoDb() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue ss(String value) {
        return AttributeValue.fromSs(List.of(value));
    }

    /** Whether the transaction's item at {@code index} failed its condition. */
    static boolean conditionFailed(TransactionCanceledException e, int index) {
        var reasons = e.cancellationReasons();
        if (reasons == null || reasons.size() <= index) {
            return false;
        }
        CancellationReason reason = reasons.get(index);
        return reason != null && CONDITIONAL_CHECK_FAILED.equals(reason.code());
    }

    static boolean hasReasons(TransactionCanceledException e) {
        return e.hasCancellationReasons() && !e.cancellationReasons().isEmpty();
    }

    /** Reads every key, in chunks, retrying what DynamoDB leaves unprocessed with backoff. */
    static List<Map<String, AttributeValue>> batchGet(DynamoDbClient client, String table, List<Map<String, AttributeValue>> keys) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))).consistentRead(true).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt == RetryPolicy.ATTEMPTS) {
                    throw new IllegalStateException("BatchGetItem left keys unprocessed after " + RetryPolicy.ATTEMPTS + " attempts");
                }
                RetryPolicy.pauseBefore(attempt);
                var response = client.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return items;
    }

    /** Writes every request, in chunks, retrying what DynamoDB leaves unprocessed with backoff. */
    static void batchWrite(DynamoDbClient client, String table, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
            var chunk = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT));
            Map<String, List<WriteRequest>> request = Map.of(table, chunk);
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt == RetryPolicy.ATTEMPTS) {
                    throw new IllegalStateException("BatchWriteItem left items unprocessed after " + RetryPolicy.ATTEMPTS + " attempts");
                }
                RetryPolicy.pauseBefore(attempt);
                var response = client.batchWriteItem(BatchWriteItemRequest.builder().requestItems(request).build());
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** An opaque cursor: the last evaluated key, as URL-safe base64 of its attributes. */
    static String cursor(Map<String, AttributeValue> lastEvaluatedKey) {
        return cursor("", lastEvaluatedKey);
    }

    /** A cursor marked with the listing it continues, so it cannot be replayed against another one. */
    static String cursor(String listing, Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        var node = Json.object();
        if (!listing.isEmpty()) {
            node.put(LISTING, listing);
        }
        lastEvaluatedKey.forEach((name, value) -> {
            if (value.s() != null) {
                node.putObject(name).put("S", value.s());
            } else if (value.n() != null) {
                node.putObject(name).put("N", value.n());
            }
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
    }

    /** The start key a cursor stands for; a cursor that is not one of ours for these keys is refused. */
    static Map<String, AttributeValue> startKey(String cursor, Set<String> keyNames) {
        return startKey(cursor, "", keyNames);
    }

    static Map<String, AttributeValue> startKey(String cursor, String listing, Set<String> keyNames) {
        if (cursor == null) {
            return null;
        }
        try {
            var node = Json.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!listing.equals(node.path(LISTING).asText(""))) {
                throw new IllegalArgumentException("cursor of another listing");
            }
            var key = new HashMap<String, AttributeValue>();
            var names = node.fieldNames();
            while (names.hasNext()) {
                var name = names.next();
                if (name.equals(LISTING)) {
                    continue;
                }
                var value = node.get(name);
                if (value.has("S") && value.get("S").isTextual()) {
                    key.put(name, s(value.get("S").textValue()));
                } else if (value.has("N") && value.get("N").isTextual()) {
                    key.put(name, AttributeValue.fromN(Long.toString(Long.parseLong(value.get("N").textValue()))));
                } else {
                    throw new IllegalArgumentException("bad attribute");
                }
            }
            if (!key.keySet().equals(keyNames)) {
                throw new IllegalArgumentException("wrong key");
            }
            return key;
        } catch (Exception e) {
            throw new InvalidCursorException("cursor is not a cursor returned by the server");
        }
    }
}
