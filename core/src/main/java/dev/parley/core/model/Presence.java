package dev.parley.core.model;

import java.util.Objects;
import java.util.Set;

/** A user's presence: online while any connection lives. */
public record Presence(String userId, Set<String> connectionIds, long lastSeenAt) {
    public Presence {
        Objects.requireNonNull(userId, "userId");
        connectionIds = connectionIds == null ? Set.of() : Set.copyOf(connectionIds);
    }

    public boolean online() {
        return !connectionIds.isEmpty();
    }

    public String status() {
        return online() ? "online" : "offline";
    }
}
