package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.n;
import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.store.ChannelStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Channels, with their member count kept in the same transaction as every membership change. */
public final class DynamoDbChannelStore implements ChannelStore {

    private final DynamoDbClient client;
    private final DynamoDbTable<Channel> channels;
    private final String channelsTable;
    private final String membersTable;

    public DynamoDbChannelStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String channelsTable, String membersTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.channelsTable = Objects.requireNonNull(channelsTable, "channelsTable");
        this.membersTable = Objects.requireNonNull(membersTable, "membersTable");
        this.channels = enhanced.table(channelsTable, Schemas.CHANNEL);
    }

    @Override
    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.getItem(r -> r.key(Key.builder().partitionValue(channelId).build()).consistentRead(true)));
    }

    @Override
    public Map<String, Channel> findAll(Collection<String> channelIds) {
        var keys = channelIds.stream().distinct().map(id -> Map.of("channelId", s(id))).toList();
        var found = new HashMap<String, Channel>();
        for (var item : DynamoDb.batchGet(client, channelsTable, keys)) {
            var channel = Schemas.CHANNEL.mapToItem(item);
            found.put(channel.channelId(), channel);
        }
        return found;
    }

    @Override
    public boolean create(Channel channel, List<Member> members) {
        var writes = new ArrayList<TransactWriteItem>();
        var item = new HashMap<>(Schemas.CHANNEL.itemToMap(channel, true));
        // The count is what is written, whatever the record says.
        item.put("memberCount", n(members.stream().map(Member::userId).distinct().count()));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(channelsTable)
                .item(item)
                .conditionExpression("attribute_not_exists(channelId)").build()).build());
        for (var member : members) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(membersTable)
                    .item(Schemas.MEMBER.itemToMap(member, true))
                    .conditionExpression("attribute_not_exists(userId)").build()).build());
        }
        try {
            client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (DynamoDb.conditionFailed(e, 0) || !DynamoDb.hasReasons(e) && find(channel.channelId()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public AddResult addMember(Member member) {
        var put = TransactWriteItem.builder().put(Put.builder().tableName(membersTable)
                .item(Schemas.MEMBER.itemToMap(member, true))
                .conditionExpression("attribute_not_exists(userId)").build()).build();
        try {
            client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(put, count(member.channelId(), 1)).build());
            return AddResult.ADDED;
        } catch (TransactionCanceledException e) {
            if (DynamoDb.conditionFailed(e, 1)) {
                return AddResult.NO_CHANNEL;
            }
            if (DynamoDb.conditionFailed(e, 0)) {
                return AddResult.ALREADY_MEMBER;
            }
            if (!DynamoDb.hasReasons(e)) {
                // Without reasons (an engine that gives none), the stored state tells which condition failed.
                return find(member.channelId()).isEmpty() ? AddResult.NO_CHANNEL : AddResult.ALREADY_MEMBER;
            }
            throw e;
        }
    }

    @Override
    public boolean removeMember(String channelId, String userId) {
        var delete = TransactWriteItem.builder().delete(Delete.builder().tableName(membersTable)
                .key(Map.of("channelId", s(channelId), "userId", s(userId)))
                .conditionExpression("attribute_exists(userId)").build()).build();
        try {
            client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(delete, count(channelId, -1)).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (DynamoDb.conditionFailed(e, 0) || DynamoDb.conditionFailed(e, 1) || !DynamoDb.hasReasons(e)) {
                return false;
            }
            throw e;
        }
    }

    private TransactWriteItem count(String channelId, long delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(channelsTable)
                .key(Map.<String, AttributeValue>of("channelId", s(channelId)))
                .updateExpression("ADD memberCount :delta")
                .conditionExpression("attribute_exists(channelId)")
                .expressionAttributeValues(Map.of(":delta", n(delta))).build()).build();
    }
}
