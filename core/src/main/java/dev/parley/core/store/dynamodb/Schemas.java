package dev.parley.core.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Connection;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.model.Presence;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.NotificationLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * One immutable table schema per stored record, written out in code with the attribute names of
 * docs/architecture.md. Each is built once per class loader, in its own holder class, when first asked for: a
 * function's wiring asks for the schemas of its stores during init, so it builds those and no others (a schema's
 * attributes cost a few milliseconds of a cold start each).
 */
public final class Schemas {

    public static final String BY_USER = "byUser";
    public static final String BY_SWEEP_BUCKET = "bySweepBucket";
    /** Sparse index of the Messages table: only replies have a {@code threadKey}, their channel and root seq. */
    public static final String BY_THREAD = "byThread";

    private static final EnhancedType<List<String>> STRING_LIST = EnhancedType.listOf(String.class);
    private static final EnhancedType<Set<String>> STRING_SET = EnhancedType.setOf(String.class);
    private static final EnhancedType<Map<String, Set<String>>> REACTIONS = EnhancedType.mapOf(EnhancedType.of(String.class),
            STRING_SET);

    public static TableSchema<Channel> channel() {
        return ChannelSchema.TABLE;
    }

    public static TableSchema<Member> member() {
        return MemberSchema.TABLE;
    }

    public static TableSchema<Message> message() {
        return MessageSchema.TABLE;
    }

    public static TableSchema<Connection> connection() {
        return ConnectionSchema.TABLE;
    }

    public static TableSchema<Presence> presence() {
        return PresenceSchema.TABLE;
    }

    public static TableSchema<PresenceWatch> presenceWatch() {
        return PresenceWatchSchema.TABLE;
    }

    public static TableSchema<Device> device() {
        return DeviceSchema.TABLE;
    }

    private static final class ChannelSchema {
        static final TableSchema<Channel> TABLE = StaticImmutableTableSchema.builder(Channel.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Channel(v.string("channelId"), v.string("name"),
                        ChannelKind.fromWireName(v.string("kind")), v.string("createdBy"), v.number("createdAt"), v.number("lastSeq"),
                        v.number("memberCount"), v.string("topic"), v.flag("archived"), v.number("ownerCount")))
                .addAttribute(String.class, a -> a.name("channelId").getter(Channel::channelId).setter(ItemValues.set("channelId"))
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("name").getter(Channel::name).setter(ItemValues.set("name")))
                .addAttribute(String.class, a -> a.name("kind").getter(c -> c.kind().wireName()).setter(ItemValues.set("kind")))
                .addAttribute(String.class, a -> a.name("createdBy").getter(Channel::createdBy).setter(ItemValues.set("createdBy")))
                .addAttribute(Long.class, a -> a.name("createdAt").getter(Channel::createdAt).setter(ItemValues.set("createdAt")))
                .addAttribute(Long.class, a -> a.name("lastSeq").getter(Channel::lastSeq).setter(ItemValues.set("lastSeq")))
                .addAttribute(Long.class, a -> a.name("memberCount").getter(Channel::memberCount).setter(ItemValues.set("memberCount")))
                .addAttribute(String.class, a -> a.name("topic").getter(c -> c.topic().isEmpty() ? null : c.topic())
                        .setter(ItemValues.set("topic")))
                .addAttribute(Boolean.class, a -> a.name("archived").getter(c -> c.archived() ? Boolean.TRUE : null)
                        .setter(ItemValues.set("archived")))
                .addAttribute(Long.class, a -> a.name("ownerCount").getter(Channel::ownerCount).setter(ItemValues.set("ownerCount")))
                .build();
    }

    private static final class MemberSchema {
        static final TableSchema<Member> TABLE = StaticImmutableTableSchema.builder(Member.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Member(v.string("channelId"), v.string("userId"), v.string("role"),
                        v.number("joinedAt"), v.number("lastReadSeq"), v.flag("muted"), notifyLevel(v.string("notifyLevel")),
                        v.get("mutedUntil")))
                .addAttribute(String.class, a -> a.name("channelId").getter(Member::channelId).setter(ItemValues.set("channelId"))
                        .tags(primaryPartitionKey(), secondarySortKey(BY_USER)))
                .addAttribute(String.class, a -> a.name("userId").getter(Member::userId).setter(ItemValues.set("userId"))
                        .tags(primarySortKey(), secondaryPartitionKey(BY_USER)))
                .addAttribute(String.class, a -> a.name("role").getter(Member::role).setter(ItemValues.set("role")))
                .addAttribute(Long.class, a -> a.name("joinedAt").getter(Member::joinedAt).setter(ItemValues.set("joinedAt")))
                .addAttribute(Long.class, a -> a.name("lastReadSeq").getter(Member::lastReadSeq).setter(ItemValues.set("lastReadSeq")))
                .addAttribute(Boolean.class, a -> a.name("muted").getter(Member::muted).setter(ItemValues.set("muted")))
                .addAttribute(String.class, a -> a.name("notifyLevel")
                        .getter(m -> m.notifyLevel() == null ? null : m.notifyLevel().wireName()).setter(ItemValues.set("notifyLevel")))
                .addAttribute(Long.class, a -> a.name("mutedUntil").getter(Member::mutedUntil).setter(ItemValues.set("mutedUntil")))
                .build();
    }

    private static final class MessageSchema {
        static final TableSchema<Message> TABLE = StaticImmutableTableSchema.builder(Message.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Message(v.string("channelId"), v.number("seq"), v.string("messageId"),
                        v.string("senderId"), v.string("text"), v.get("attachments"), v.number("createdAt"), v.get("editedAt"),
                        v.flag("deleted"), v.get("reactions"), v.string("clientMsgId"), v.get("threadSeq"), v.get("expiresAt"),
                        v.flag("skipped"), new Mentions(v.get("mentions"), v.flag("mentionsHere"), v.flag("mentionsChannel")),
                        v.number("replyCount") == 0 ? ThreadSummary.NONE : new ThreadSummary(v.number("replyCount"),
                                v.number("lastReplyAt"), v.number("lastReplySeq"), v.get("lastReplierIds"))))
                .addAttribute(String.class, a -> a.name("channelId").getter(Message::channelId).setter(ItemValues.set("channelId"))
                        .tags(primaryPartitionKey()))
                .addAttribute(Long.class, a -> a.name("seq").getter(Message::seq).setter(ItemValues.set("seq"))
                        .tags(primarySortKey(), secondarySortKey(BY_THREAD)))
                .addAttribute(String.class, a -> a.name("messageId").getter(Message::messageId).setter(ItemValues.set("messageId")))
                .addAttribute(String.class, a -> a.name("senderId").getter(Message::senderId).setter(ItemValues.set("senderId")))
                .addAttribute(String.class, a -> a.name("text").getter(Message::text).setter(ItemValues.set("text")))
                .addAttribute(STRING_LIST, a -> a.name("attachments").getter(Message::attachments).setter(ItemValues.set("attachments")))
                .addAttribute(Long.class, a -> a.name("createdAt").getter(Message::createdAt).setter(ItemValues.set("createdAt")))
                .addAttribute(Long.class, a -> a.name("editedAt").getter(Message::editedAt).setter(ItemValues.set("editedAt")))
                .addAttribute(Boolean.class, a -> a.name("deleted").getter(m -> m.deleted() ? Boolean.TRUE : null)
                        .setter(ItemValues.set("deleted")))
                .addAttribute(REACTIONS, a -> a.name("reactions").getter(Message::reactions).setter(ItemValues.set("reactions")))
                .addAttribute(String.class, a -> a.name("clientMsgId").getter(Message::clientMsgId).setter(ItemValues.set("clientMsgId")))
                .addAttribute(Long.class, a -> a.name("threadSeq").getter(Message::threadSeq).setter(ItemValues.set("threadSeq")))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(Message::expiresAt).setter(ItemValues.set("expiresAt")))
                .addAttribute(Boolean.class, a -> a.name("skipped").getter(m -> m.skipped() ? Boolean.TRUE : null)
                        .setter(ItemValues.set("skipped")))
                .addAttribute(STRING_LIST, a -> a.name("mentions")
                        .getter(m -> m.mentions().userIds().isEmpty() ? null : m.mentions().userIds()).setter(ItemValues.set("mentions")))
                .addAttribute(Boolean.class, a -> a.name("mentionsHere").getter(m -> m.mentions().here() ? Boolean.TRUE : null)
                        .setter(ItemValues.set("mentionsHere")))
                .addAttribute(Boolean.class, a -> a.name("mentionsChannel").getter(m -> m.mentions().channel() ? Boolean.TRUE : null)
                        .setter(ItemValues.set("mentionsChannel")))
                .addAttribute(String.class, a -> a.name("threadKey").getter(Schemas::threadKey).setter(ItemValues.set("threadKey"))
                        .tags(secondaryPartitionKey(BY_THREAD)))
                .addAttribute(Long.class, a -> a.name("replyCount").getter(m -> m.thread().hasReplies() ? m.thread().replyCount() : null)
                        .setter(ItemValues.set("replyCount")))
                .addAttribute(Long.class, a -> a.name("lastReplyAt").getter(m -> m.thread().hasReplies() ? m.thread().lastReplyAt() : null)
                        .setter(ItemValues.set("lastReplyAt")))
                .addAttribute(Long.class, a -> a.name("lastReplySeq")
                        .getter(m -> m.thread().hasReplies() ? m.thread().lastReplySeq() : null).setter(ItemValues.set("lastReplySeq")))
                .addAttribute(STRING_LIST, a -> a.name("lastReplierIds")
                        .getter(m -> m.thread().hasReplies() ? m.thread().lastReplierIds() : null).setter(ItemValues.set("lastReplierIds")))
                .build();
    }

    private static final class ConnectionSchema {
        static final TableSchema<Connection> TABLE = StaticImmutableTableSchema.builder(Connection.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Connection(v.string("connectionId"), v.string("userId"), v.number("connectedAt"),
                        v.string("sweepBucket"), v.number("expiresAt"), v.get("authorizedUntil")))
                .addAttribute(String.class, a -> a.name("connectionId").getter(Connection::connectionId)
                        .setter(ItemValues.set("connectionId")).tags(primaryPartitionKey(), secondarySortKey(BY_USER),
                                secondarySortKey(BY_SWEEP_BUCKET)))
                .addAttribute(String.class, a -> a.name("userId").getter(Connection::userId).setter(ItemValues.set("userId"))
                        .tags(secondaryPartitionKey(BY_USER)))
                .addAttribute(Long.class, a -> a.name("connectedAt").getter(Connection::connectedAt).setter(ItemValues.set("connectedAt")))
                .addAttribute(String.class, a -> a.name("sweepBucket").getter(Connection::sweepBucket).setter(ItemValues.set("sweepBucket"))
                        .tags(secondaryPartitionKey(BY_SWEEP_BUCKET)))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(Connection::expiresAt).setter(ItemValues.set("expiresAt")))
                .addAttribute(Long.class, a -> a.name("authorizedUntil").getter(Connection::authorizedUntil)
                        .setter(ItemValues.set("authorizedUntil")))
                .build();
    }

    private static final class PresenceSchema {
        static final TableSchema<Presence> TABLE = StaticImmutableTableSchema.builder(Presence.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Presence(v.string("userId"), v.get("connectionIds"), v.number("lastSeenAt")))
                .addAttribute(String.class, a -> a.name("userId").getter(Presence::userId).setter(ItemValues.set("userId"))
                        .tags(primaryPartitionKey()))
                .addAttribute(STRING_SET, a -> a.name("connectionIds").getter(p -> p.connectionIds().isEmpty() ? null : p.connectionIds())
                        .setter(ItemValues.set("connectionIds")))
                .addAttribute(String.class, a -> a.name("status").getter(Presence::status).setter(ItemValues.set("status")))
                .addAttribute(Long.class, a -> a.name("lastSeenAt").getter(Presence::lastSeenAt).setter(ItemValues.set("lastSeenAt")))
                .build();
    }

    private static final class PresenceWatchSchema {
        static final TableSchema<PresenceWatch> TABLE = StaticImmutableTableSchema
                .builder(PresenceWatch.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new PresenceWatch(v.string("watchedUserId"), v.string("connectionId"),
                        v.string("watcherUserId"), v.number("expiresAt")))
                .addAttribute(String.class, a -> a.name("watchedUserId").getter(PresenceWatch::watchedUserId)
                        .setter(ItemValues.set("watchedUserId")).tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("connectionId").getter(PresenceWatch::connectionId)
                        .setter(ItemValues.set("connectionId")).tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name("watcherUserId").getter(PresenceWatch::watcherUserId)
                        .setter(ItemValues.set("watcherUserId")))
                .addAttribute(Long.class, a -> a.name("expiresAt").getter(PresenceWatch::expiresAt).setter(ItemValues.set("expiresAt")))
                .build();
    }

    private static final class DeviceSchema {
        static final TableSchema<Device> TABLE = StaticImmutableTableSchema.builder(Device.class, ItemValues.class)
                .newItemBuilder(ItemValues::new, v -> new Device(v.string("userId"), v.string("deviceId"), v.string("platform"),
                        v.string("endpointArn"), v.number("createdAt")))
                .addAttribute(String.class, a -> a.name("userId").getter(Device::userId).setter(ItemValues.set("userId"))
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("deviceId").getter(Device::deviceId).setter(ItemValues.set("deviceId"))
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name("platform").getter(Device::platform).setter(ItemValues.set("platform")))
                .addAttribute(String.class, a -> a.name("endpointArn").getter(Device::endpointArn).setter(ItemValues.set("endpointArn")))
                .addAttribute(Long.class, a -> a.name("createdAt").getter(Device::createdAt).setter(ItemValues.set("createdAt")))
                .build();
    }

    private Schemas() {
    }

    /** A stored level this code does not know (written by a newer one) reads as none set, not as a failure to read. */
    private static NotificationLevel notifyLevel(String stored) {
        if (stored == null) {
            return null;
        }
        return switch (stored) {
            case "all" -> NotificationLevel.ALL;
            case "mentions" -> NotificationLevel.MENTIONS;
            case "none" -> NotificationLevel.NONE;
            default -> null;
        };
    }

    /** The {@link #BY_THREAD} key of a reply: its channel and its root's seq; none for any other message. */
    public static String threadKey(Message message) {
        return message.threadSeq() == null || message.skipped() ? null : threadKey(message.channelId(), message.threadSeq());
    }

    public static String threadKey(String channelId, long rootSeq) {
        return channelId + "#" + rootSeq;
    }
}
