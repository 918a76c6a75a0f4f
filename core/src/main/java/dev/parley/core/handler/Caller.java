package dev.parley.core.handler;

import java.util.Objects;

/** Who sent a frame, as the authorizer established it at {@code $connect}, and on which connection. */
public record Caller(String userId, String connectionId) {
    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
