package dev.parley.core.service;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps a history page under {@link Limits#MAX_HISTORY_RESPONSE_BYTES}: each message is measured as the response
 * serializes it (JSON escaping and multi-byte UTF-8 included), and the page ends where the next message would not fit.
 */
final class HistoryBudget {

    /**
     * What the response spends around its messages: {@code type}, {@code requestId} and {@code channelId} (at most
     * 128 characters each, escaped in the worst case to six bytes a character), {@code hasMore} and the punctuation.
     */
    static final int ENVELOPE_BYTES = 2 * 6 * Limits.MAX_ID_CHARS + 256;
    static final int MESSAGES_BYTES = Limits.MAX_HISTORY_RESPONSE_BYTES - ENVELOPE_BYTES;

    private HistoryBudget() {
    }

    static int bytes(Message message) {
        return Json.write(EventFrames.messageFields(message)).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The longest run of {@code page} that fits, taken from its start when {@code fromStart}, else from its end. The
     * first message taken is always kept; if it alone is too large (only reactions of many very long user ids can make
     * it so), it lists as many reacting users as fit.
     */
    static List<Message> fit(List<Message> page, boolean fromStart) {
        return fit(page, fromStart, MESSAGES_BYTES);
    }

    /** {@link #fit(List, boolean)} within {@code budget} bytes rather than a whole response's. */
    static List<Message> fit(List<Message> page, boolean fromStart, long budget) {
        var kept = new ArrayList<Message>();
        long used = 0;
        for (int i = 0; i < page.size(); i++) {
            var message = page.get(fromStart ? i : page.size() - 1 - i);
            var size = bytes(message) + (kept.isEmpty() ? 0 : 1);
            if (kept.isEmpty() && size > budget) {
                kept.add(withReactionsThatFit(message, budget));
                break;
            }
            if (used + size > budget) {
                break;
            }
            used += size;
            kept.add(message);
        }
        if (!fromStart) {
            Collections.reverse(kept);
        }
        return kept;
    }

    private static Message withReactionsThatFit(Message message, long budget) {
        var none = copy(message, Map.of());
        long room = budget - bytes(none);
        var kept = new LinkedHashMap<String, Set<String>>();
        for (var entry : message.reactions().entrySet()) {
            var emojiBytes = quoted(entry.getKey()) + 4;
            if (room < emojiBytes) {
                break;
            }
            room -= emojiBytes;
            var users = new TreeSet<String>();
            for (var user : new TreeSet<>(entry.getValue())) {
                var userBytes = quoted(user) + 1;
                if (room < userBytes) {
                    break;
                }
                room -= userBytes;
                users.add(user);
            }
            if (users.isEmpty()) {
                break;
            }
            kept.put(entry.getKey(), users);
        }
        return copy(message, kept);
    }

    private static int quoted(String value) {
        return Json.write(TextNode.valueOf(value)).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Message copy(Message m, Map<String, Set<String>> reactions) {
        return new Message(m.channelId(), m.seq(), m.messageId(), m.senderId(), m.text(), m.attachments(), m.createdAt(), m.editedAt(),
                m.deleted(), reactions, m.clientMsgId(), m.threadSeq(), m.expiresAt(), m.skipped(), m.mentions(), m.thread());
    }
}
