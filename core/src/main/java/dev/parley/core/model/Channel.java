package dev.parley.core.model;

import dev.parley.core.protocol.ChannelKind;
import java.util.Objects;

/**
 * A channel. {@code memberCount} and {@code ownerCount} move in the same write as each membership and role, so the
 * rule that a channel with members keeps an owner is checked by the store, not by a read before the write.
 */
public record Channel(String channelId, String name, ChannelKind kind, String createdBy, long createdAt, long lastSeq,
                      long memberCount, String topic, boolean archived, long ownerCount) {
    public Channel {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdBy, "createdBy");
        name = name == null ? "" : name;
        topic = topic == null ? "" : topic;
    }

    /** A channel without a topic, not archived, whose owners are counted by the store when it is created. */
    public Channel(String channelId, String name, ChannelKind kind, String createdBy, long createdAt, long lastSeq,
                   long memberCount) {
        this(channelId, name, kind, createdBy, createdAt, lastSeq, memberCount, "", false, 0);
    }

    public Channel withLastSeq(long seq) {
        return new Channel(channelId, name, kind, createdBy, createdAt, seq, memberCount, topic, archived, ownerCount);
    }

    public Channel withCounts(long members, long owners) {
        return new Channel(channelId, name, kind, createdBy, createdAt, lastSeq, members, topic, archived, owners);
    }

    public Channel withName(String newName) {
        return new Channel(channelId, newName, kind, createdBy, createdAt, lastSeq, memberCount, topic, archived, ownerCount);
    }

    public Channel withTopic(String newTopic) {
        return new Channel(channelId, name, kind, createdBy, createdAt, lastSeq, memberCount, newTopic, archived, ownerCount);
    }

    public Channel withArchived(boolean isArchived) {
        return new Channel(channelId, name, kind, createdBy, createdAt, lastSeq, memberCount, topic, isArchived, ownerCount);
    }
}
