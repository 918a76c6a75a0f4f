package dev.parley.core.protocol;

import java.util.Locale;

/** A public group anyone may join, an invite-only group, or a conversation between two users. */
public enum ChannelKind {
    GROUP, PRIVATE, DIRECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the channel has a name and a member list that can grow (a public or a private group). */
    public boolean isGroup() {
        return this != DIRECT;
    }

    public static ChannelKind fromWireName(String value) {
        return switch (value) {
            case "group" -> GROUP;
            case "private" -> PRIVATE;
            case "direct" -> DIRECT;
            default -> throw new BadRequestException("kind must be \"group\", \"private\" or \"direct\"");
        };
    }
}
