package dev.parley.core.protocol;

import java.util.Locale;

public enum ChannelKind {
    GROUP, DIRECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelKind fromWireName(String value) {
        return switch (value) {
            case "group" -> GROUP;
            case "direct" -> DIRECT;
            default -> throw new BadRequestException("kind must be \"group\" or \"direct\"");
        };
    }
}
