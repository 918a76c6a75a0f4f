package dev.parley.core.model;

import java.util.Objects;

/**
 * An open connection. {@code expiresAt} (epoch seconds) is the record's TTL, past API Gateway's connection lifetime;
 * {@code authorizedUntil} (epoch seconds) is when the token it was opened with expires, absent when unknown.
 */
public record Connection(String connectionId, String userId, long connectedAt, String sweepBucket, long expiresAt, Long authorizedUntil) {

    public Connection(String connectionId, String userId, long connectedAt, String sweepBucket, long expiresAt) {
        this(connectionId, userId, connectedAt, sweepBucket, expiresAt, null);
    }

    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sweepBucket, "sweepBucket");
    }
}
