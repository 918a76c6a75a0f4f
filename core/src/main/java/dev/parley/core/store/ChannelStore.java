package dev.parley.core.store;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Channels, with a member count that moves in the same write as each membership. */
public interface ChannelStore {

    /** Outcome of {@link #addMember}; only {@link #ADDED} wrote anything. */
    enum AddResult {
        ADDED,
        ALREADY_MEMBER,
        NO_CHANNEL
    }

    Optional<Channel> find(String channelId);

    /** The channels that exist among {@code channelIds}, by id. */
    Map<String, Channel> findAll(Collection<String> channelIds);

    /**
     * Creates the channel with its first members in one transaction; the stored member count is the number of distinct
     * users among {@code members}, whatever {@code channel} says.
     *
     * @return false when a channel with that id exists already (nothing written)
     */
    boolean create(Channel channel, List<Member> members);

    /** Adds a member and counts it, both or neither. */
    AddResult addMember(Member member);

    /** Removes a member and counts it; false when not a member of an existing channel (nothing written). */
    boolean removeMember(String channelId, String userId);
}
