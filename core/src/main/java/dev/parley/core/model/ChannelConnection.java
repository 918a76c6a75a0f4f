package dev.parley.core.model;

import java.util.Objects;

/** A live connection of a channel's member: fan-out's audience, so that what an event costs follows who is online. */
public record ChannelConnection(String channelId, String connectionId, String userId) {
    public ChannelConnection {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
    }
}
