package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;
import static dev.parley.core.store.dynamodb.DynamoDb.ss;

import dev.parley.core.model.Message;
import dev.parley.core.protocol.Limits;
import dev.parley.core.store.MessageStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Messages by channel and seq. A seq comes from an atomic counter on the channel item, so senders never race on a
 * compare-and-set; the message and its dedup record are then written in one transaction, each only if absent, so a
 * {@code clientMsgId} is never stored twice and a seq never holds two messages.
 */
public final class DynamoDbMessageStore implements MessageStore {

    private static final String LIVE = "attribute_exists(seq) AND attribute_not_exists(deleted) AND attribute_not_exists(skipped)";

    private final DynamoDbClient client;
    private final DynamoDbHistoryStore history;
    private final String channelsTable;
    private final String messagesTable;
    private final String dedupTable;

    public DynamoDbMessageStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String channelsTable, String messagesTable,
                                String dedupTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.channelsTable = Objects.requireNonNull(channelsTable, "channelsTable");
        this.messagesTable = Objects.requireNonNull(messagesTable, "messagesTable");
        this.dedupTable = Objects.requireNonNull(dedupTable, "dedupTable");
        this.history = new DynamoDbHistoryStore(enhanced, client, channelsTable, messagesTable);
    }

    @Override
    public Optional<Message> find(String channelId, long seq) {
        return history.find(channelId, seq);
    }

    @Override
    public Optional<Sequence> sequence(String channelId) {
        return history.sequence(channelId);
    }

    @Override
    public boolean skip(String channelId, long seq, long at, Long expiresAt) {
        return history.skip(channelId, seq, at, expiresAt);
    }

    @Override
    public List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest) {
        return history.range(channelId, afterSeq, beforeSeq, limit, newest);
    }

    @Override
    public Optional<Long> findDedup(String dedupKey) {
        var item = client.getItem(GetItemRequest.builder().tableName(dedupTable).key(Map.of("dedupKey", s(dedupKey)))
                .consistentRead(true).build());
        return item.hasItem() && item.item().containsKey("seq") ? Optional.of(Long.parseLong(item.item().get("seq").n()))
                : Optional.empty();
    }

    @Override
    public OptionalLong allocate(String channelId, long at) {
        try {
            var response = client.updateItem(UpdateItemRequest.builder().tableName(channelsTable)
                    .key(Map.of("channelId", s(channelId)))
                    .updateExpression("ADD lastSeq :one SET lastSeqAt = :at")
                    .conditionExpression("attribute_exists(channelId) AND attribute_not_exists(archived)")
                    .expressionAttributeValues(Map.of(":one", n(1), ":at", n(at)))
                    .returnValues(ReturnValue.UPDATED_NEW).build());
            return OptionalLong.of(Long.parseLong(response.attributes().get("lastSeq").n()));
        } catch (ConditionalCheckFailedException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public WriteResult write(Message message, String dedupKey, long dedupExpiresAt, ThreadUpdate thread) {
        var item = new HashMap<>(Schemas.message().itemToMap(message, true));
        item.putIfAbsent("reactions", AttributeValue.fromM(Map.of()));
        var messagePut = TransactWriteItem.builder().put(Put.builder().tableName(messagesTable).item(item)
                .conditionExpression("attribute_not_exists(seq)").build()).build();
        var dedup = new HashMap<>(Map.of("dedupKey", s(dedupKey), "seq", n(message.seq()), "expiresAt", n(dedupExpiresAt)));
        dedup.putAll(DynamoDbPendingPublishStore.mark(dedupKey, message.createdAt()));
        var dedupPut = TransactWriteItem.builder().put(Put.builder().tableName(dedupTable).item(dedup)
                .conditionExpression("attribute_not_exists(dedupKey)").build()).build();
        var items = new ArrayList<>(List.of(messagePut, dedupPut));
        if (thread != null) {
            items.add(rootUpdate(message.channelId(), thread));
        }
        try {
            client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
            return WriteResult.WRITTEN;
        } catch (TransactionCanceledException e) {
            if (DynamoDb.conditionFailed(e, 1)) {
                return WriteResult.DUPLICATE;
            }
            if (DynamoDb.conditionFailed(e, 0)) {
                return WriteResult.SEQ_TAKEN;
            }
            if (DynamoDb.conditionFailed(e, 2)) {
                return WriteResult.ROOT_CHANGED;
            }
            if (!DynamoDb.hasReasons(e)) {
                if (findDedup(dedupKey).isPresent()) {
                    return WriteResult.DUPLICATE;
                }
                return thread == null || find(message.channelId(), message.seq()).isPresent() ? WriteResult.SEQ_TAKEN
                        : WriteResult.ROOT_CHANGED;
            }
            throw e;
        }
    }

    /**
     * The root's new summary, only while the root is live and its summary is the one the sender read: replies racing in
     * one thread each count once, and one of two that read the same summary is told to read it again.
     */
    private TransactWriteItem rootUpdate(String channelId, ThreadUpdate thread) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":count", n(thread.next().replyCount()));
        values.put(":at", n(thread.next().lastReplyAt()));
        values.put(":last", n(thread.next().lastReplySeq()));
        values.put(":repliers", AttributeValue.fromL(thread.next().lastReplierIds().stream().map(DynamoDb::s).toList()));
        String expected;
        if (thread.expected().hasReplies()) {
            expected = "replyCount = :expected";
            values.put(":expected", n(thread.expected().replyCount()));
        } else {
            expected = "attribute_not_exists(replyCount)";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(messagesTable).key(key(channelId, thread.rootSeq()))
                .updateExpression("SET replyCount = :count, lastReplyAt = :at, lastReplySeq = :last, lastReplierIds = :repliers")
                .conditionExpression(LIVE + " AND " + expected)
                .expressionAttributeValues(values).build()).build();
    }

    @Override
    public Optional<Message> edit(String channelId, long seq, String senderId, String text, long editedAt) {
        return update(UpdateItemRequest.builder().tableName(messagesTable).key(key(channelId, seq))
                .updateExpression("SET #text = :text, editedAt = :at")
                .conditionExpression(LIVE + " AND senderId = :sender")
                .expressionAttributeNames(Map.of("#text", "text"))
                .expressionAttributeValues(Map.of(":text", s(text), ":at", n(editedAt), ":sender", s(senderId)))
                .returnValues(ReturnValue.ALL_NEW).build());
    }

    @Override
    public Optional<Message> delete(String channelId, long seq, long deletedAt) {
        var tombstone = update(UpdateItemRequest.builder().tableName(messagesTable).key(key(channelId, seq))
                .updateExpression("SET deleted = :true, #text = :empty, attachments = :none, reactions = :noReactions, editedAt = :at"
                        + " REMOVE mentions, mentionsHere, mentionsChannel")
                .conditionExpression(LIVE)
                .expressionAttributeNames(Map.of("#text", "text"))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":empty", s(""),
                        ":none", AttributeValue.fromL(List.of()), ":noReactions", AttributeValue.fromM(Map.of()), ":at", n(deletedAt)))
                .returnValues(ReturnValue.ALL_NEW).build());
        return tombstone.isPresent() ? tombstone : find(channelId, seq).filter(Message::deleted);
    }

    @Override
    public Optional<Message> react(String channelId, long seq, String emoji, String userId, boolean remove) {
        if (remove) {
            return update(UpdateItemRequest.builder().tableName(messagesTable).key(key(channelId, seq))
                    .updateExpression("DELETE reactions.#emoji :user")
                    .conditionExpression(LIVE + " AND attribute_exists(reactions)")
                    .expressionAttributeNames(Map.of("#emoji", emoji))
                    .expressionAttributeValues(Map.of(":user", ss(userId)))
                    .returnValues(ReturnValue.ALL_NEW).build());
        }
        // A new emoji only while the message has fewer than the most; a new user of an emoji only while it has room.
        return update(UpdateItemRequest.builder().tableName(messagesTable).key(key(channelId, seq))
                .updateExpression("ADD reactions.#emoji :user")
                .conditionExpression(LIVE + " AND attribute_exists(reactions)"
                        + " AND (attribute_exists(reactions.#emoji) OR size(reactions) < :maxEmoji)"
                        + " AND (attribute_not_exists(reactions.#emoji) OR contains(reactions.#emoji, :userId)"
                        + " OR size(reactions.#emoji) < :maxUsers)")
                .expressionAttributeNames(Map.of("#emoji", emoji))
                .expressionAttributeValues(Map.of(":user", ss(userId), ":userId", s(userId),
                        ":maxEmoji", n(Limits.MAX_REACTION_EMOJI), ":maxUsers", n(Limits.MAX_REACTION_USERS)))
                .returnValues(ReturnValue.ALL_NEW).build());
    }

    private Optional<Message> update(UpdateItemRequest request) {
        try {
            return Optional.of(Schemas.message().mapToItem(client.updateItem(request).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> key(String channelId, long seq) {
        return Map.of("channelId", s(channelId), "seq", n(seq));
    }
}
