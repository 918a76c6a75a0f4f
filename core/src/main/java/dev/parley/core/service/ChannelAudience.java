package dev.parley.core.service;

import dev.parley.core.model.ChannelConnection;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Keeps each channel's audience of live connections (the ChannelConnections table) as connections open and close and
 * members join and leave. Each side writes its own fact before it reads the other's: a connection is in Presence
 * before its channels are read, and a membership is stored before its user's connections are read, so a join that
 * races a connect is entered by at least one of them.
 */
final class ChannelAudience {

    private static final int CHANNEL_PAGE = 100;

    private final MemberStore members;
    private final PresenceStore presence;
    private final ChannelConnectionStore channelConnections;
    private final Clock clock;

    ChannelAudience(MemberStore members, PresenceStore presence, ChannelConnectionStore channelConnections, Clock clock) {
        this.members = Objects.requireNonNull(members, "members");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.channelConnections = Objects.requireNonNull(channelConnections, "channelConnections");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new connection joins the audience of every channel of its user. */
    void enter(String userId, String connectionId, long expiresAt) {
        channelConnections.putAll(everyChannel(userId, connectionId), expiresAt);
    }

    /** A closed connection leaves the audience of every channel of its user. */
    void exit(String userId, String connectionId) {
        channelConnections.removeAll(everyChannel(userId, connectionId));
    }

    /** New members' live connections join a channel's audience. */
    void follow(String channelId, Collection<String> userIds) {
        var expiresAt = clock.instant().plus(ConnectionService.CONNECTION_LIFETIME).getEpochSecond();
        channelConnections.putAll(liveConnections(channelId, userIds), expiresAt);
    }

    /** A leaving member's live connections leave a channel's audience. */
    void unfollow(String channelId, String userId) {
        channelConnections.removeAll(liveConnections(channelId, List.of(userId)));
    }

    private List<ChannelConnection> liveConnections(String channelId, Collection<String> userIds) {
        var entries = new ArrayList<ChannelConnection>();
        presence.findAll(userIds).values().forEach(user -> user.connectionIds()
                .forEach(id -> entries.add(new ChannelConnection(channelId, id, user.userId()))));
        return entries;
    }

    private List<ChannelConnection> everyChannel(String userId, String connectionId) {
        var entries = new ArrayList<ChannelConnection>();
        String cursor = null;
        do {
            var page = members.listByUser(userId, cursor, CHANNEL_PAGE);
            page.items().forEach(member -> entries.add(new ChannelConnection(member.channelId(), connectionId, userId)));
            cursor = page.cursor();
        } while (cursor != null);
        return entries;
    }
}
