package dev.parley.core.model;

import dev.parley.core.protocol.NotificationLevel;
import java.util.Objects;

/**
 * What a member wants pushed of one channel: a {@link NotificationLevel}, and a mute that ends by itself at
 * {@code mutedUntil} (epoch milliseconds; null for none). A mute that has ended mutes nothing; the level holds
 * again without another write.
 */
public record NotificationPreferences(NotificationLevel level, Long mutedUntil) {

    /** A membership nobody has set preferences on. */
    public static final NotificationPreferences DEFAULT = new NotificationPreferences(NotificationLevel.ALL, null);

    public NotificationPreferences {
        Objects.requireNonNull(level, "level");
    }

    /** Whether nothing of the channel is pushed at {@code nowMillis}: level {@code none}, or a mute not yet over. */
    public boolean mutedAt(long nowMillis) {
        return level == NotificationLevel.NONE || mutedUntil != null && mutedUntil > nowMillis;
    }

    /** Whether a message, which mentions the member or not, is pushed to them at {@code nowMillis}. */
    public boolean pushes(boolean mentioned, long nowMillis) {
        return !mutedAt(nowMillis) && (level == NotificationLevel.ALL || mentioned);
    }
}
