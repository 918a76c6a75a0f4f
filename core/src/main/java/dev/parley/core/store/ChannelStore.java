package dev.parley.core.store;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Channels, with a member count and an owner count that move in the same write as each membership and role: the rule
 * that a channel which keeps members keeps an owner is a condition of that write.
 */
public interface ChannelStore {

    /** Outcome of {@link #addMember}; only {@link #ADDED} wrote anything. */
    enum AddResult {
        ADDED,
        ALREADY_MEMBER,
        NO_CHANNEL,
        /** The channel is archived and takes no members. */
        ARCHIVED
    }

    /** Outcome of {@link #removeMember}; only {@link #REMOVED} wrote anything. */
    enum RemoveResult {
        REMOVED,
        /** Not a member, or no such channel. */
        NOT_MEMBER,
        /** The user is the channel's only owner and others remain in it. */
        LAST_OWNER
    }

    /** Outcome of {@link #setRole}; only {@link #CHANGED} wrote anything. */
    enum RoleResult {
        CHANGED,
        UNCHANGED,
        /** Not a member, or no such channel. */
        NOT_MEMBER,
        /** The user is the channel's only owner. */
        LAST_OWNER
    }

    /** Outcome of the updates of a channel's own fields; only {@link #UPDATED} wrote anything. */
    enum UpdateResult {
        UPDATED,
        /** The field already had that value. */
        UNCHANGED,
        NO_CHANNEL,
        /** Refused: an archived channel keeps its name and topic. */
        ARCHIVED
    }

    Optional<Channel> find(String channelId);

    /** The channels that exist among {@code channelIds}, by id. */
    Map<String, Channel> findAll(Collection<String> channelIds);

    /**
     * Creates the channel with its first members in one transaction; the stored member and owner counts are the numbers
     * of distinct users and of owners among {@code members}, whatever {@code channel} says.
     *
     * @return false when a channel with that id exists already (nothing written)
     */
    boolean create(Channel channel, List<Member> members);

    /** Adds a member and counts it, both or neither; an archived channel takes no one. */
    AddResult addMember(Member member);

    /**
     * Removes a member and counts it, as an owner too when it is one, all or nothing. The last owner is removed only
     * when no one else is left in the channel.
     */
    RemoveResult removeMember(String channelId, String userId);

    /** Gives a member the role {@link Member#OWNER} or {@link Member#MEMBER}; the last owner is not made a member. */
    RoleResult setRole(String channelId, String userId, String role);

    /** Renames a channel that is not archived. */
    UpdateResult rename(String channelId, String name);

    /** Sets the topic of a channel that is not archived; an empty topic clears it. */
    UpdateResult setTopic(String channelId, String topic);

    /** Archives or unarchives a channel. {@link UpdateResult#ARCHIVED} is never the outcome. */
    UpdateResult setArchived(String channelId, boolean archived);
}
