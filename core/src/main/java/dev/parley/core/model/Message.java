package dev.parley.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A stored message; a deleted one is a tombstone: no text, no attachments, {@code deleted} set. */
public record Message(String channelId, long seq, String messageId, String senderId, String text, List<String> attachments,
                      long createdAt, Long editedAt, boolean deleted, Map<String, Set<String>> reactions,
                      String clientMsgId, Long threadSeq, Long expiresAt) {
    public Message {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderId, "senderId");
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        var sorted = new TreeMap<String, Set<String>>();
        if (reactions != null) {
            reactions.forEach((emoji, users) -> {
                if (users != null && !users.isEmpty()) {
                    sorted.put(emoji, Set.copyOf(new TreeSet<>(users)));
                }
            });
        }
        reactions = Map.copyOf(sorted);
    }
}
