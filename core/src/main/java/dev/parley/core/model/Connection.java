package dev.parley.core.model;

import java.util.Objects;

public record Connection(String connectionId, String userId, long connectedAt, String sweepBucket, long expiresAt) {
    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sweepBucket, "sweepBucket");
    }
}
