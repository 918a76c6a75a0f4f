package dev.parley.core.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.service.EventFrames;
import dev.parley.core.protocol.Frames;
import dev.parley.core.service.Results;
import java.util.List;

/** Response frames of PROTOCOL.md, from service results. */
public final class Replies {

    private Replies() {
    }

    /** The channel as the caller sees it: with their {@code role}, absent when they are not a member. */
    public static String channel(String requestId, Results.ChannelView view) {
        var frame = Frames.response("channel", requestId);
        var fields = channelFields(view.channel());
        if (view.role() != null) {
            fields.put("role", view.role());
        }
        frame.set("channel", fields);
        return Json.write(frame);
    }

    public static String removed(String requestId, Results.Removed removed) {
        return Json.write(Frames.response("removed", requestId).put("channelId", removed.channelId()).put("userId", removed.userId()));
    }

    public static String role(String requestId, Results.RoleSet role) {
        return Json.write(Frames.response("role", requestId).put("channelId", role.channelId()).put("userId", role.userId())
                .put("role", role.role()));
    }

    public static String left(String requestId, String channelId) {
        return Json.write(Frames.response("left", requestId).put("channelId", channelId));
    }

    public static String channels(String requestId, Results.ChannelList list) {
        var frame = Frames.response("channels", requestId);
        var channels = frame.putArray("channels");
        for (var summary : list.page().items()) {
            var node = channelFields(summary.channel());
            node.put("lastReadSeq", summary.lastReadSeq()).put("unread", summary.unread()).put("muted", summary.muted());
            node.set("notifications", EventFrames.notifications(summary.notifications()));
            node.put("role", summary.role());
            channels.add(node);
        }
        cursor(frame, list.page().cursor());
        return Json.write(frame);
    }

    public static String members(String requestId, Results.MemberList list) {
        var frame = Frames.response("members", requestId).put("channelId", list.channelId());
        var members = frame.putArray("members");
        for (var view : list.page().items()) {
            members.addObject()
                    .put("userId", view.member().userId())
                    .put("role", view.member().role())
                    .put("joinedAt", view.member().joinedAt())
                    .put("online", view.online());
        }
        cursor(frame, list.page().cursor());
        return Json.write(frame);
    }

    public static String history(String requestId, Results.History history) {
        var frame = Frames.response("history", requestId).put("channelId", history.channelId());
        var messages = frame.putArray("messages");
        history.messages().forEach(message -> messages.add(history.excludeReplies() && message.isReply() && !message.skipped()
                ? EventFrames.replyPlaceholderFields(message) : EventFrames.messageFields(message)));
        frame.put("hasMore", history.hasMore());
        return Json.write(frame);
    }

    public static String thread(String requestId, Results.ThreadPage thread) {
        var frame = Frames.response("thread", requestId).put("channelId", thread.channelId()).put("threadSeq", thread.root().seq());
        frame.set("root", EventFrames.messageFields(thread.root()));
        var replies = frame.putArray("replies");
        thread.replies().forEach(reply -> replies.add(EventFrames.messageFields(reply)));
        frame.put("hasMore", thread.hasMore());
        return Json.write(frame);
    }

    public static String sendAck(String requestId, Results.SendAck ack) {
        return Json.write(Frames.response("ack", requestId)
                .put("clientMsgId", ack.clientMsgId())
                .put("channelId", ack.channelId())
                .put("seq", ack.seq())
                .put("messageId", ack.messageId())
                .put("createdAt", ack.createdAt())
                .set("mentions", EventFrames.mentions(ack.mentions())));
    }

    public static String ack(String requestId, Results.Ack ack) {
        return Json.write(Frames.response("ack", requestId).put("channelId", ack.channelId()).put("seq", ack.seq()));
    }

    public static String presence(String requestId, List<Results.PresenceStatus> statuses) {
        var frame = Frames.response("presence", requestId);
        var users = frame.putArray("users");
        for (var status : statuses) {
            var node = users.addObject().put("userId", status.userId()).put("status", status.online() ? "online" : "offline");
            if (status.lastSeenAt() == null) {
                node.putNull("lastSeenAt");
            } else {
                node.put("lastSeenAt", status.lastSeenAt());
            }
        }
        return Json.write(frame);
    }

    public static String upload(String requestId, Results.Upload upload) {
        var frame = Frames.response("upload", requestId)
                .put("key", upload.key())
                .put("url", upload.url())
                .put("method", upload.method());
        var headers = frame.putObject("headers");
        upload.headers().forEach(headers::put);
        frame.put("expiresAt", upload.expiresAt().toEpochMilli());
        return Json.write(frame);
    }

    public static String download(String requestId, Results.Download download) {
        return Json.write(Frames.response("download", requestId)
                .put("key", download.key())
                .put("url", download.url())
                .put("expiresAt", download.expiresAt().toEpochMilli()));
    }

    public static String deviceAck(String requestId, Results.DeviceRegistered registered) {
        return Json.write(Frames.response("ack", requestId)
                .put("deviceId", registered.deviceId())
                .put("platform", registered.platform())
                .put("pushEndpoint", registered.pushEndpoint()));
    }

    public static String pong(String requestId, long serverTime) {
        return Json.write(Frames.response("pong", requestId).put("serverTime", serverTime));
    }

    public static String notificationsAck(String requestId, Results.NotificationsSet set) {
        return Json.write(Frames.response("ack", requestId).put("channelId", set.channelId())
                .set("notifications", EventFrames.notifications(set.notifications())));
    }

    private static ObjectNode channelFields(Channel channel) {
        return Json.object()
                .put("channelId", channel.channelId())
                .put("name", channel.name())
                .put("kind", channel.kind().wireName())
                .put("createdBy", channel.createdBy())
                .put("createdAt", channel.createdAt())
                .put("lastSeq", channel.lastSeq())
                .put("memberCount", channel.memberCount())
                .put("topic", channel.topic())
                .put("archived", channel.archived());
    }

    private static void cursor(ObjectNode frame, String cursor) {
        if (cursor == null) {
            frame.putNull("cursor");
        } else {
            frame.put("cursor", cursor);
        }
    }
}
