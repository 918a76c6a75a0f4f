package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.Member;
import dev.parley.core.model.Page;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.store.InvalidCursorException;
import dev.parley.core.store.MemberStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Members by channel (the table) and by user (the {@code byUser} index, all attributes projected). */
public final class DynamoDbMemberStore implements MemberStore {

    static final int PAGE_SIZE = 500;
    private static final Set<String> TABLE_KEY = Set.of("channelId", "userId");

    private final DynamoDbClient client;
    private final String membersTable;
    private final DynamoDbTable<Member> members;
    private final DynamoDbIndex<Member> byUser;

    public DynamoDbMemberStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String membersTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.membersTable = Objects.requireNonNull(membersTable, "membersTable");
        this.members = enhanced.table(membersTable, Schemas.member());
        this.byUser = members.index(Schemas.BY_USER);
    }

    @Override
    public Optional<Member> find(String channelId, String userId) {
        return Optional.ofNullable(members.getItem(r -> r.key(Key.builder().partitionValue(channelId).sortValue(userId).build())
                .consistentRead(true)));
    }

    @Override
    public Page<Member> listByChannel(String channelId, String cursor, int limit) {
        var page = members.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(channelId).build()))
                .exclusiveStartKey(startKey(cursor, "channel", "channelId", channelId))
                .limit(limit)
                .build()).iterator().next();
        return new Page<>(page.items(), DynamoDb.cursor("channel", page.lastEvaluatedKey()));
    }

    /** A cursor only continues the listing it came from. */
    private static Map<String, AttributeValue> startKey(String cursor, String listing, String partitionAttribute,
                                                        String partitionValue) {
        var key = DynamoDb.startKey(cursor, listing, TABLE_KEY);
        if (key != null && !partitionValue.equals(key.get(partitionAttribute).s())) {
            throw new InvalidCursorException("cursor is not a cursor of this listing");
        }
        return key;
    }

    @Override
    public Page<Member> listByUser(String userId, String cursor, int limit) {
        var page = byUser.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(userId).build()))
                .exclusiveStartKey(startKey(cursor, "user", "userId", userId))
                .limit(limit)
                .build()).iterator().next();
        return new Page<>(page.items(), DynamoDb.cursor("user", page.lastEvaluatedKey()));
    }

    @Override
    public void forEachPage(String channelId, Consumer<List<Member>> consumer) {
        members.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(channelId).build()))
                .limit(PAGE_SIZE)
                .build()).forEach(page -> consumer.accept(page.items()));
    }

    @Override
    public boolean advanceRead(String channelId, String userId, long seq) {
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(membersTable)
                    .key(Map.of("channelId", s(channelId), "userId", s(userId)))
                    .updateExpression("SET lastReadSeq = :seq")
                    .conditionExpression("attribute_exists(userId) AND (attribute_not_exists(lastReadSeq) OR lastReadSeq < :seq)")
                    .expressionAttributeValues(Map.of(":seq", n(seq)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Member> setNotifications(String channelId, String userId, NotificationLevel level, Long mutedUntil) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":level", s(level.wireName()));
        String update;
        if (mutedUntil == null) {
            update = "SET notifyLevel = :level REMOVE muted, mutedUntil";
        } else {
            update = "SET notifyLevel = :level, mutedUntil = :until REMOVE muted";
            values.put(":until", n(mutedUntil));
        }
        try {
            var updated = client.updateItem(UpdateItemRequest.builder().tableName(membersTable)
                    .key(Map.of("channelId", s(channelId), "userId", s(userId)))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(userId)")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(Schemas.member().mapToItem(updated.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
