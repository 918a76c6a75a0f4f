package dev.parley.core.protocol;

import java.util.Locale;

/** Which of a channel's messages push a member who is not connected: every one, those that mention them, or none. */
public enum NotificationLevel {
    ALL, MENTIONS, NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationLevel fromWireName(String value) {
        return switch (value) {
            case "all" -> ALL;
            case "mentions" -> MENTIONS;
            case "none" -> NONE;
            default -> throw new BadRequestException("level must be \"all\", \"mentions\" or \"none\"");
        };
    }
}
