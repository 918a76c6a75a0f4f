package dev.parley.core.model;

import java.util.Objects;

public record PresenceWatch(String watchedUserId, String connectionId, String watcherUserId, long expiresAt) {
    public PresenceWatch {
        Objects.requireNonNull(watchedUserId, "watchedUserId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(watcherUserId, "watcherUserId");
    }
}
