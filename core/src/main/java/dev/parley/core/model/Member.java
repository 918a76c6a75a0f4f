package dev.parley.core.model;

import java.util.Objects;

public record Member(String channelId, String userId, String role, long joinedAt, long lastReadSeq, boolean muted) {
    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    public Member {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        role = role == null ? MEMBER : role;
    }
}
