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
import java.util.function.Predicate;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Channels, with their member count kept in the same transaction as every membership change. */
public final class DynamoDbChannelStore implements ChannelStore {

    /** Attempts of a membership change whose member keeps changing under it. */
    private static final int MAX_ATTEMPTS = 5;
    private static final String NOT_OWNER = "(attribute_not_exists(#role) OR #role <> :owner)";
    /** Channels stored before owners were counted have no count; it is written before any owner changes. */
    private static final String COUNTED = "attribute_exists(channelId) AND attribute_exists(ownerCount)";

    private final DynamoDbClient client;
    private final DynamoDbTable<Channel> channels;
    private final DynamoDbTable<Member> members;
    private final String channelsTable;
    private final String membersTable;

    public DynamoDbChannelStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String channelsTable, String membersTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.channelsTable = Objects.requireNonNull(channelsTable, "channelsTable");
        this.membersTable = Objects.requireNonNull(membersTable, "membersTable");
        this.channels = enhanced.table(channelsTable, Schemas.channel());
        this.members = enhanced.table(membersTable, Schemas.member());
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
            var channel = Schemas.channel().mapToItem(item);
            found.put(channel.channelId(), channel);
        }
        return found;
    }

    @Override
    public boolean create(Channel channel, List<Member> members) {
        var writes = new ArrayList<TransactWriteItem>();
        var item = new HashMap<>(Schemas.channel().itemToMap(channel, true));
        // The counts are what is written, whatever the record says.
        item.put("memberCount", n(members.stream().map(Member::userId).distinct().count()));
        item.put("ownerCount", n(members.stream().filter(m -> Member.OWNER.equals(m.role())).map(Member::userId).distinct().count()));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(channelsTable)
                .item(item)
                .conditionExpression("attribute_not_exists(channelId)").build()).build());
        for (var member : members) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(membersTable)
                    .item(Schemas.member().itemToMap(member, true))
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
                .item(Schemas.member().itemToMap(member, true))
                .conditionExpression("attribute_not_exists(userId)").build()).build();
        var count = TransactWriteItem.builder().update(Update.builder().tableName(channelsTable)
                .key(Map.<String, AttributeValue>of("channelId", s(member.channelId())))
                .updateExpression("ADD memberCount :one")
                .conditionExpression("attribute_exists(channelId) AND attribute_not_exists(archived)")
                .expressionAttributeValues(Map.of(":one", n(1))).build()).build();
        try {
            client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(put, count).build());
            return AddResult.ADDED;
        } catch (TransactionCanceledException e) {
            if (DynamoDb.conditionFailed(e, 1)) {
                return find(member.channelId()).isEmpty() ? AddResult.NO_CHANNEL : AddResult.ARCHIVED;
            }
            if (DynamoDb.conditionFailed(e, 0)) {
                return AddResult.ALREADY_MEMBER;
            }
            if (!DynamoDb.hasReasons(e)) {
                // Without reasons (an engine that gives none), the stored state tells which condition failed.
                var channel = find(member.channelId());
                if (channel.isEmpty()) {
                    return AddResult.NO_CHANNEL;
                }
                return member(member.channelId(), member.userId()) != null ? AddResult.ALREADY_MEMBER
                        : AddResult.ARCHIVED;
            }
            throw e;
        }
    }

    /**
     * The role read first only chooses which conditional transaction to try: each names the role it expects, so a role
     * that changed in between fails the write, and the removal is tried again on what is stored then.
     */
    @Override
    public RemoveResult removeMember(String channelId, String userId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var member = member(channelId, userId);
            if (member == null) {
                return RemoveResult.NOT_MEMBER;
            }
            var owner = Member.OWNER.equals(member.role());
            var delete = TransactWriteItem.builder().delete(Delete.builder().tableName(membersTable)
                    .key(Map.of("channelId", s(channelId), "userId", s(userId)))
                    .conditionExpression(owner ? "#role = :owner" : "attribute_exists(userId) AND " + NOT_OWNER)
                    .expressionAttributeNames(Map.of("#role", "role"))
                    .expressionAttributeValues(Map.of(":owner", s(Member.OWNER))).build()).build();
            var counts = owner
                    ? channelUpdate(channelId, "ADD memberCount :minus, ownerCount :minus",
                            COUNTED + " AND (ownerCount > :one OR memberCount = :one)", Map.of(":minus", n(-1), ":one", n(1)))
                    : channelUpdate(channelId, "ADD memberCount :minus", "attribute_exists(channelId)", Map.of(":minus", n(-1)));
            try {
                client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(delete, counts).build());
                return RemoveResult.REMOVED;
            } catch (TransactionCanceledException e) {
                var refused = refusal(e, channelId, member);
                if (refused == Refusal.NO_CHANNEL) {
                    return RemoveResult.NOT_MEMBER;
                }
                if (refused == Refusal.LAST_OWNER) {
                    return RemoveResult.LAST_OWNER;
                }
            }
        }
        throw new IllegalStateException("the membership of " + userId + " in channel " + channelId + " kept changing");
    }

    @Override
    public RoleResult setRole(String channelId, String userId, String role) {
        var promote = Member.OWNER.equals(role);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var member = member(channelId, userId);
            if (member == null) {
                return RoleResult.NOT_MEMBER;
            }
            if (role.equals(member.role())) {
                return RoleResult.UNCHANGED;
            }
            var update = TransactWriteItem.builder().update(Update.builder().tableName(membersTable)
                    .key(Map.of("channelId", s(channelId), "userId", s(userId)))
                    .updateExpression("SET #role = :role")
                    .conditionExpression(promote ? "attribute_exists(userId) AND " + NOT_OWNER : "#role = :owner")
                    .expressionAttributeNames(Map.of("#role", "role"))
                    .expressionAttributeValues(Map.of(":role", s(role), ":owner", s(Member.OWNER))).build()).build();
            var counts = promote
                    ? channelUpdate(channelId, "ADD ownerCount :one", COUNTED, Map.of(":one", n(1)))
                    : channelUpdate(channelId, "ADD ownerCount :minus", COUNTED + " AND ownerCount > :one",
                            Map.of(":minus", n(-1), ":one", n(1)));
            try {
                client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(update, counts).build());
                return RoleResult.CHANGED;
            } catch (TransactionCanceledException e) {
                var refused = refusal(e, channelId, member);
                if (refused == Refusal.NO_CHANNEL) {
                    return RoleResult.NOT_MEMBER;
                }
                if (refused == Refusal.LAST_OWNER) {
                    return RoleResult.LAST_OWNER;
                }
            }
        }
        throw new IllegalStateException("the role of " + userId + " in channel " + channelId + " kept changing");
    }

    /** Why a membership transaction of two writes (the member, then the channel's counts) was cancelled. */
    private enum Refusal {
        NO_CHANNEL,
        LAST_OWNER,
        /** The member changed since it was read, or the owners were just counted: try again. */
        RETRY
    }

    private Refusal refusal(TransactionCanceledException e, String channelId, Member read) {
        var reasons = DynamoDb.hasReasons(e);
        if (reasons && DynamoDb.conditionFailed(e, 0)) {
            // The member is not as read: the next attempt reads it again, whatever the count said.
            return Refusal.RETRY;
        }
        if (reasons && !DynamoDb.conditionFailed(e, 1)) {
            throw e;
        }
        var item = client.getItem(GetItemRequest.builder().tableName(channelsTable).key(Map.of("channelId", s(channelId)))
                .consistentRead(true).build());
        if (!item.hasItem()) {
            return Refusal.NO_CHANNEL;
        }
        if (!item.item().containsKey("ownerCount")) {
            countOwners(channelId);
            return Refusal.RETRY;
        }
        if (!reasons) {
            // Without reasons (an engine that gives none): a member still as read means the count refused.
            var now = member(channelId, read.userId());
            return now != null && now.role().equals(read.role()) ? Refusal.LAST_OWNER : Refusal.RETRY;
        }
        return Refusal.LAST_OWNER;
    }

    /**
     * Counts the owners of a channel stored before channels counted them. Every write that moves the owner count
     * requires the count to exist, so no owner changes between this query and the conditional write of its result.
     */
    private void countOwners(String channelId) {
        var owners = 0L;
        Map<String, AttributeValue> start = null;
        do {
            var page = client.query(QueryRequest.builder().tableName(membersTable)
                    .keyConditionExpression("channelId = :c")
                    .filterExpression("#role = :owner")
                    .expressionAttributeNames(Map.of("#role", "role"))
                    .expressionAttributeValues(Map.of(":c", s(channelId), ":owner", s(Member.OWNER)))
                    .select(Select.COUNT)
                    .consistentRead(true)
                    .exclusiveStartKey(start).build());
            owners += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(channelsTable)
                    .key(Map.of("channelId", s(channelId)))
                    .updateExpression("SET ownerCount = :owners")
                    .conditionExpression("attribute_exists(channelId) AND attribute_not_exists(ownerCount)")
                    .expressionAttributeValues(Map.of(":owners", n(owners))).build());
        } catch (ConditionalCheckFailedException e) {
            // Counted meanwhile by another writer: its count stands.
        }
    }

    @Override
    public UpdateResult rename(String channelId, String name) {
        return updateField(channelId, "SET #name = :value", "attribute_not_exists(archived) AND #name <> :value",
                Map.of("#name", "name"), Map.of(":value", s(name)), false, c -> c.name().equals(name));
    }

    @Override
    public UpdateResult setTopic(String channelId, String topic) {
        if (topic.isEmpty()) {
            return updateField(channelId, "REMOVE topic", "attribute_not_exists(archived) AND attribute_exists(topic)",
                    Map.of(), Map.of(), false, c -> c.topic().isEmpty());
        }
        return updateField(channelId, "SET topic = :value",
                "attribute_not_exists(archived) AND (attribute_not_exists(topic) OR topic <> :value)",
                Map.of(), Map.of(":value", s(topic)), false, c -> c.topic().equals(topic));
    }

    @Override
    public UpdateResult setArchived(String channelId, boolean archived) {
        // Archived is stored as present, and only then: a channel without the attribute is open.
        if (archived) {
            return updateField(channelId, "SET archived = :true", "attribute_not_exists(archived)", Map.of(),
                    Map.of(":true", AttributeValue.fromBool(true)), true, Channel::archived);
        }
        return updateField(channelId, "REMOVE archived", "attribute_exists(archived)", Map.of(), Map.of(), true,
                c -> !c.archived());
    }

    /**
     * One conditional update of the channel item; when it fails, the stored channel tells whether it was missing,
     * archived or unchanged, and otherwise (it changed in between) the update is tried again.
     */
    private UpdateResult updateField(String channelId, String update, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values, boolean evenIfArchived, Predicate<Channel> unchanged) {
        var request = UpdateItemRequest.builder().tableName(channelsTable)
                .key(Map.of("channelId", s(channelId)))
                .updateExpression(update)
                .conditionExpression("attribute_exists(channelId) AND " + condition);
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                client.updateItem(request.build());
                return UpdateResult.UPDATED;
            } catch (ConditionalCheckFailedException e) {
                var stored = find(channelId);
                if (stored.isEmpty()) {
                    return UpdateResult.NO_CHANNEL;
                }
                if (!evenIfArchived && stored.get().archived()) {
                    return UpdateResult.ARCHIVED;
                }
                if (unchanged.test(stored.get())) {
                    return UpdateResult.UNCHANGED;
                }
            }
        }
        throw new IllegalStateException("channel " + channelId + " kept changing");
    }

    private TransactWriteItem channelUpdate(String channelId, String update, String condition, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(channelsTable)
                .key(Map.<String, AttributeValue>of("channelId", s(channelId)))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeValues(values).build()).build();
    }

    /** The member as stored now: a stale read would answer {@code UNCHANGED} or {@code NOT_MEMBER} for a fresh change. */
    private Member member(String channelId, String userId) {
        return members.getItem(r -> r.key(Key.builder().partitionValue(channelId).sortValue(userId).build()).consistentRead(true));
    }
}
