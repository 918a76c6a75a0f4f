package dev.parley.core.model;

import dev.parley.core.protocol.NotificationLevel;
import java.util.Objects;

/**
 * A user's membership of a channel. {@code muted} is the flag memberships stored before notification levels existed;
 * {@code notifyLevel} and {@code mutedUntil} are the preferences set since, null where none was set
 * ({@link #notifications()} reads both).
 */
public record Member(String channelId, String userId, String role, long joinedAt, long lastReadSeq, boolean muted,
                     NotificationLevel notifyLevel, Long mutedUntil) {
    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    public Member {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        role = role == null ? MEMBER : role;
    }

    /** A membership without notification preferences. */
    public Member(String channelId, String userId, String role, long joinedAt, long lastReadSeq, boolean muted) {
        this(channelId, userId, role, joinedAt, lastReadSeq, muted, null, null);
    }

    /**
     * The member's notification preferences: the level set, or for a membership that has none {@code none} if it was
     * stored muted and {@code all} otherwise.
     */
    public NotificationPreferences notifications() {
        var level = notifyLevel != null ? notifyLevel : muted ? NotificationLevel.NONE : NotificationLevel.ALL;
        return new NotificationPreferences(level, mutedUntil);
    }

    /** This membership with {@code lastReadSeq} moved to {@code seq}, everything else kept. */
    public Member withLastReadSeq(long seq) {
        return new Member(channelId, userId, role, joinedAt, seq, muted, notifyLevel, mutedUntil);
    }
}
