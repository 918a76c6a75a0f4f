package dev.parley.core.model;

import dev.parley.core.protocol.ChannelKind;
import java.util.Objects;

public record Channel(String channelId, String name, ChannelKind kind, String createdBy, long createdAt, long lastSeq,
                      long memberCount) {
    public Channel {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdBy, "createdBy");
        name = name == null ? "" : name;
    }
}
