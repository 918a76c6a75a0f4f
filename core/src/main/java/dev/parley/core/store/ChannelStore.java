package dev.parley.core.store;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface ChannelStore {

    Optional<Channel> find(String channelId);

    /** The channels that exist among {@code channelIds}, by id. */
    Map<String, Channel> findAll(Collection<String> channelIds);

    /**
     * Creates the channel with its first members in one transaction.
     *
     * @return false when a channel with that id exists already (nothing written)
     */
    boolean create(Channel channel, List<Member> members);

    /** Adds a member and counts it; false when already a member (nothing written). */
    boolean addMember(Member member);

    /** Removes a member and counts it; false when not a member (nothing written). */
    boolean removeMember(String channelId, String userId);
}
