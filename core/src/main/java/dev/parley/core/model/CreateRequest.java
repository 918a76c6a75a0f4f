package dev.parley.core.model;

import java.util.Objects;

/**
 * A {@code createChannel} remembered under its creator and {@code requestId} for a while: the channel it makes and a
 * fingerprint of what was asked, so that a retry finds that channel and another request under the same key is told apart.
 */
public record CreateRequest(String requestKey, String channelId, String fingerprint, long expiresAt) {
    public CreateRequest {
        Objects.requireNonNull(requestKey, "requestKey");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
