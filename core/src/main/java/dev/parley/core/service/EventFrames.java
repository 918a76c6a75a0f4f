package dev.parley.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.model.NotificationPreferences;
import dev.parley.core.model.ThreadSummary;
import java.util.TreeSet;

/** The event frames of PROTOCOL.md, pushed to connections. */
public final class EventFrames {

    private EventFrames() {
    }

    /** A message as events and history pages show it; a deleted one is a tombstone with no text. */
    public static ObjectNode message(Message message) {
        var frame = Json.object().put("type", "message");
        writeMessage(frame, message);
        return frame;
    }

    /** The message fields without a {@code type}, as history pages list them. */
    public static ObjectNode messageFields(Message message) {
        var node = Json.object();
        writeMessage(node, message);
        return node;
    }

    /**
     * What a history page read with {@code excludeReplies} shows of a reply: its place in the sequence and its thread,
     * none of its content.
     */
    public static ObjectNode replyPlaceholderFields(Message reply) {
        return Json.object().put("channelId", reply.channelId()).put("seq", reply.seq()).put("threadReply", true)
                .put("threadSeq", reply.threadSeq()).put("createdAt", reply.createdAt());
    }

    private static void writeMessage(ObjectNode node, Message message) {
        if (message.skipped()) {
            node.put("channelId", message.channelId()).put("seq", message.seq()).put("skipped", true)
                    .put("createdAt", message.createdAt());
            return;
        }
        node.put("channelId", message.channelId())
                .put("seq", message.seq())
                .put("messageId", message.messageId())
                .put("senderId", message.senderId())
                .put("text", message.deleted() ? "" : message.text());
        var attachments = node.putArray("attachments");
        if (!message.deleted()) {
            message.attachments().forEach(key -> attachments.addObject().put("key", key));
        }
        node.put("createdAt", message.createdAt());
        if (message.clientMsgId() != null) {
            node.put("clientMsgId", message.clientMsgId());
        }
        if (message.threadSeq() != null) {
            node.put("threadSeq", message.threadSeq());
        }
        if (message.editedAt() != null) {
            node.put("editedAt", message.editedAt());
        }
        if (message.deleted()) {
            node.put("deleted", true);
        }
        var reactions = node.putObject("reactions");
        if (!message.deleted()) {
            message.reactions().forEach((emoji, users) -> {
                var list = reactions.putArray(emoji);
                new TreeSet<>(users).forEach(list::add);
            });
        }
        node.set("mentions", mentions(message.deleted() ? Mentions.NONE : message.mentions()));
        // A deleted root keeps its thread: the replies are still there to open.
        if (message.thread().hasReplies()) {
            writeThread(node, message.thread());
        }
    }

    private static void writeThread(ObjectNode node, ThreadSummary thread) {
        node.put("replyCount", thread.replyCount()).put("lastReplyAt", thread.lastReplyAt()).put("lastReplySeq", thread.lastReplySeq());
        var repliers = node.putArray("lastReplierIds");
        thread.lastReplierIds().forEach(repliers::add);
    }

    /** A thread root's summary after a reply, so that clients update the root's counter without reading it again. */
    public static ObjectNode threadUpdated(String channelId, long threadSeq, ThreadSummary thread) {
        var frame = Json.object().put("type", "threadUpdated").put("channelId", channelId).put("threadSeq", threadSeq);
        writeThread(frame, thread);
        return frame;
    }

    /** {@code {"userIds": [...], "here": false, "channel": false}}, as messages and the send's ack carry it. */
    public static ObjectNode mentions(Mentions mentions) {
        var node = Json.object();
        var userIds = node.putArray("userIds");
        mentions.userIds().forEach(userIds::add);
        return node.put("here", mentions.here()).put("channel", mentions.channel());
    }

    public static ObjectNode messageEdited(Message message) {
        return Json.object().put("type", "messageEdited")
                .put("channelId", message.channelId())
                .put("seq", message.seq())
                .put("messageId", message.messageId())
                .put("senderId", message.senderId())
                .put("text", message.text())
                .put("editedAt", message.editedAt() == null ? message.createdAt() : message.editedAt());
    }

    public static ObjectNode messageDeleted(Message message, String deletedBy) {
        return Json.object().put("type", "messageDeleted")
                .put("channelId", message.channelId())
                .put("seq", message.seq())
                .put("messageId", message.messageId())
                .put("deletedBy", deletedBy);
    }

    public static ObjectNode reaction(String channelId, long seq, String emoji, String userId, boolean removed) {
        return Json.object().put("type", "reaction")
                .put("channelId", channelId)
                .put("seq", seq)
                .put("emoji", emoji)
                .put("userId", userId)
                .put("removed", removed);
    }

    public static ObjectNode typing(String channelId, String userId) {
        return Json.object().put("type", "typing").put("channelId", channelId).put("userId", userId);
    }

    public static ObjectNode presence(String userId, boolean online, Long lastSeenAt) {
        var frame = Json.object().put("type", "presence").put("userId", userId).put("status", online ? "online" : "offline");
        if (lastSeenAt == null) {
            frame.putNull("lastSeenAt");
        } else {
            frame.put("lastSeenAt", lastSeenAt);
        }
        return frame;
    }

    public static ObjectNode read(String channelId, String userId, long seq) {
        return Json.object().put("type", "read").put("channelId", channelId).put("userId", userId).put("seq", seq);
    }

    public static ObjectNode memberJoined(String channelId, String userId) {
        return Json.object().put("type", "memberJoined").put("channelId", channelId).put("userId", userId);
    }

    public static ObjectNode memberLeft(String channelId, String userId) {
        return Json.object().put("type", "memberLeft").put("channelId", channelId).put("userId", userId);
    }

    /** {@code {"level": "mentions", "mutedUntil": null}}, as listChannels, the ack and the event show preferences. */
    public static ObjectNode notifications(NotificationPreferences preferences) {
        var node = Json.object().put("level", preferences.level().wireName());
        if (preferences.mutedUntil() == null) {
            node.putNull("mutedUntil");
        } else {
            node.put("mutedUntil", preferences.mutedUntil());
        }
        return node;
    }

    /** Sent to the member's own connections when their preferences for a channel change. */
    public static ObjectNode notificationsChanged(String channelId, NotificationPreferences preferences) {
        var frame = Json.object().put("type", "notificationsChanged").put("channelId", channelId);
        frame.set("notifications", notifications(preferences));
        return frame;
    }

    /** Only the fields that changed are present beside {@code channelId} and {@code updatedBy}. */
    public static ObjectNode channelUpdated(String channelId, String updatedBy, String name, String topic, Boolean archived) {
        var frame = Json.object().put("type", "channelUpdated").put("channelId", channelId);
        if (name != null) {
            frame.put("name", name);
        }
        if (topic != null) {
            frame.put("topic", topic);
        }
        if (archived != null) {
            frame.put("archived", archived);
        }
        return frame.put("updatedBy", updatedBy);
    }

    public static ObjectNode memberRemoved(String channelId, String userId, String removedBy) {
        return Json.object().put("type", "memberRemoved").put("channelId", channelId).put("userId", userId)
                .put("removedBy", removedBy);
    }

    public static ObjectNode roleChanged(String channelId, String userId, String role, String changedBy) {
        return Json.object().put("type", "roleChanged").put("channelId", channelId).put("userId", userId).put("role", role)
                .put("changedBy", changedBy);
    }
}
