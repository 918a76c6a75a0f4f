package dev.parley.core.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a message mentions: members by user id, in the order the text first names them, and whether it calls on the
 * members connected ({@code here}) or on every member ({@code channel}). The text names them with tokens that carry
 * the user id, so a mention never depends on a display name: {@code <@USERID>}, {@code <!here>} and
 * {@code <!channel>}; anything else, {@code @alice} or {@code mail@example.com}, is plain text.
 */
public record Mentions(List<String> userIds, boolean here, boolean channel) {

    public static final Mentions NONE = new Mentions(List.of(), false, false);

    /** A user id as the protocol allows it, less the {@code <} and {@code >} that delimit the token. */
    private static final Pattern TOKEN = Pattern.compile("<@([^#\\p{Cntrl}\\s<>]{1,128})>|<!(here|channel)>");

    public Mentions {
        userIds = userIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(userIds));
    }

    /** Every mention token in {@code text}, whether or not the users exist or belong to the channel. */
    public static Mentions inText(String text) {
        Objects.requireNonNull(text, "text");
        var users = new LinkedHashSet<String>();
        boolean here = false;
        boolean channel = false;
        var matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                users.add(matcher.group(1));
            } else if ("here".equals(matcher.group(2))) {
                here = true;
            } else {
                channel = true;
            }
        }
        return new Mentions(List.copyOf(users), here, channel);
    }

    public boolean isEmpty() {
        return userIds.isEmpty() && !here && !channel;
    }

    /** Whether the message calls on everyone: {@code here} or {@code channel}. */
    public boolean broadcast() {
        return here || channel;
    }

    public Mentions withUsers(List<String> users) {
        return new Mentions(users, here, channel);
    }
}
