package dev.parley.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stored message; a deleted one is a tombstone: no text, no attachments, no mentions, {@code deleted} set. A skipped
 * one holds a seq whose send never completed, so that the channel's sequence stays contiguous: it has no sender and no
 * content. {@code mentions} are those the send accepted, fixed then: an edit does not change them. A reply names its
 * thread's root in {@code threadSeq}; a root carries the {@code thread} summary of its replies.
 */
public record Message(String channelId, long seq, String messageId, String senderId, String text, List<String> attachments,
                      long createdAt, Long editedAt, boolean deleted, Map<String, Set<String>> reactions,
                      String clientMsgId, Long threadSeq, Long expiresAt, boolean skipped, Mentions mentions, ThreadSummary thread) {
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
        mentions = mentions == null ? Mentions.NONE : mentions;
        thread = thread == null ? ThreadSummary.NONE : thread;
    }

    public Message(String channelId, long seq, String messageId, String senderId, String text, List<String> attachments,
                   long createdAt, Long editedAt, boolean deleted, Map<String, Set<String>> reactions, String clientMsgId,
                   Long threadSeq, Long expiresAt, boolean skipped, Mentions mentions) {
        this(channelId, seq, messageId, senderId, text, attachments, createdAt, editedAt, deleted, reactions, clientMsgId, threadSeq,
                expiresAt, skipped, mentions, ThreadSummary.NONE);
    }

    public Message(String channelId, long seq, String messageId, String senderId, String text, List<String> attachments,
                   long createdAt, Long editedAt, boolean deleted, Map<String, Set<String>> reactions, String clientMsgId,
                   Long threadSeq, Long expiresAt) {
        this(channelId, seq, messageId, senderId, text, attachments, createdAt, editedAt, deleted, reactions, clientMsgId, threadSeq,
                expiresAt, false, Mentions.NONE);
    }

    /** Whether this is a reply in a thread. */
    public boolean isReply() {
        return threadSeq != null;
    }

    /** The same message with another thread summary. */
    public Message withThread(ThreadSummary summary) {
        return new Message(channelId, seq, messageId, senderId, text, attachments, createdAt, editedAt, deleted, reactions, clientMsgId,
                threadSeq, expiresAt, skipped, mentions, summary);
    }

    /** The entry that fills a seq whose send never completed. */
    public static Message skipped(String channelId, long seq, long at, Long expiresAt) {
        return new Message(channelId, seq, "", "", "", List.of(), at, null, false, Map.of(), null, null, expiresAt, true, Mentions.NONE);
    }
}
