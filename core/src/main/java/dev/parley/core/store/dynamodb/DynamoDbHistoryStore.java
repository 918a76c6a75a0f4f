package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.Message;
import dev.parley.core.store.HistoryStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Messages by channel and seq, read consistently, and the counter on the channel item; no Dedup table. */
public final class DynamoDbHistoryStore implements HistoryStore {

    private final DynamoDbClient client;
    private final DynamoDbTable<Message> messages;
    private final String channelsTable;
    private final String messagesTable;

    public DynamoDbHistoryStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String channelsTable, String messagesTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.channelsTable = Objects.requireNonNull(channelsTable, "channelsTable");
        this.messagesTable = Objects.requireNonNull(messagesTable, "messagesTable");
        this.messages = enhanced.table(messagesTable, Schemas.message());
    }

    @Override
    public Optional<Message> find(String channelId, long seq) {
        return Optional.ofNullable(messages.getItem(r -> r.key(Key.builder().partitionValue(channelId).sortValue(seq).build())
                .consistentRead(true)));
    }

    @Override
    public Optional<Sequence> sequence(String channelId) {
        var item = client.getItem(GetItemRequest.builder().tableName(channelsTable).key(Map.of("channelId", s(channelId)))
                .projectionExpression("lastSeq, lastSeqAt").consistentRead(true).build());
        if (!item.hasItem() || item.item().isEmpty()) {
            return Optional.empty();
        }
        var lastSeq = item.item().get("lastSeq");
        var lastSeqAt = item.item().get("lastSeqAt");
        return Optional.of(new Sequence(lastSeq == null ? 0 : Long.parseLong(lastSeq.n()),
                lastSeqAt == null ? 0 : Long.parseLong(lastSeqAt.n())));
    }

    @Override
    public boolean skip(String channelId, long seq, long at, Long expiresAt) {
        try {
            client.putItem(PutItemRequest.builder().tableName(messagesTable)
                    .item(Schemas.message().itemToMap(Message.skipped(channelId, seq, at, expiresAt), true))
                    .conditionExpression("attribute_not_exists(seq)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest) {
        var low = afterSeq == null ? 0 : afterSeq + 1;
        var high = beforeSeq == null ? Long.MAX_VALUE : beforeSeq - 1;
        if (low > high) {
            return List.of();
        }
        // A query answers at most 1 MB: a page of long messages stops before the limit with a LastEvaluatedKey, and
        // the query goes on from there until it has the limit or the range is exhausted.
        var page = new ArrayList<Message>();
        Map<String, AttributeValue> from = null;
        do {
            var response = client.query(QueryRequest.builder().tableName(messagesTable)
                    .keyConditionExpression("channelId = :channel AND seq BETWEEN :low AND :high")
                    .expressionAttributeValues(Map.of(":channel", s(channelId), ":low", n(low), ":high", n(high)))
                    .scanIndexForward(!newest)
                    .limit(limit - page.size())
                    .exclusiveStartKey(from)
                    .consistentRead(true)
                    .build());
            response.items().forEach(item -> page.add(Schemas.message().mapToItem(item)));
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (from != null && page.size() < limit);
        if (newest) {
            Collections.reverse(page);
        }
        return page;
    }
}
