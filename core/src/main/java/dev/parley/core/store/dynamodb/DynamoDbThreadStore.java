package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.Message;
import dev.parley.core.store.ThreadStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Replies through the sparse {@value Schemas#BY_THREAD} index of the Messages table: only a reply has a
 * {@code threadKey} (its channel and root seq), so a thread is one query of its own partition, ordered by seq.
 */
public final class DynamoDbThreadStore implements ThreadStore {

    private final DynamoDbClient client;
    private final String messagesTable;

    public DynamoDbThreadStore(DynamoDbClient client, String messagesTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.messagesTable = Objects.requireNonNull(messagesTable, "messagesTable");
    }

    @Override
    public List<Message> replies(String channelId, long rootSeq, long afterSeq, int limit) {
        // As for history: a query answers at most 1 MB, so it goes on from its LastEvaluatedKey until it has the limit.
        var page = new ArrayList<Message>();
        Map<String, AttributeValue> from = null;
        do {
            var response = client.query(QueryRequest.builder().tableName(messagesTable).indexName(Schemas.BY_THREAD)
                    .keyConditionExpression("threadKey = :thread AND seq > :after")
                    .expressionAttributeValues(Map.of(":thread", s(Schemas.threadKey(channelId, rootSeq)), ":after", n(afterSeq)))
                    .scanIndexForward(true)
                    .limit(limit - page.size())
                    .exclusiveStartKey(from)
                    .build());
            response.items().forEach(item -> page.add(Schemas.message().mapToItem(item)));
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (from != null && page.size() < limit);
        return page;
    }
}
