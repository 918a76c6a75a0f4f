package dev.parley.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The envelope every event travels in on the events topic (docs/architecture.md, "Events"). {@code frame} is
 * what the audience's connections receive; {@code userIds} adds users to the audience beyond the channel's
 * members (the leaver of {@code member.left}). When {@code toMembers} is false the audience is {@code userIds}
 * alone, and fan-out reads no member list (membership news in a large channel).
 */
public record Event(String eventId, String type, String channelId, String actorId, long occurredAt, List<String> userIds,
                    ObjectNode frame, boolean toMembers) {

    public static final String MESSAGE_POSTED = "message.posted";
    public static final String MESSAGE_EDITED = "message.edited";
    public static final String MESSAGE_DELETED = "message.deleted";
    public static final String REACTION_CHANGED = "reaction.changed";
    public static final String READ = "read";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String TYPING = "typing";
    public static final String PRESENCE_CHANGED = "presence.changed";
    public static final String NOTIFICATIONS_CHANGED = "notifications.changed";
    public static final String THREAD_UPDATED = "thread.updated";
    public static final String CHANNEL_UPDATED = "channel.updated";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String ROLE_CHANGED = "role.changed";

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(frame, "frame");
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }

    public Event(String eventId, String type, String channelId, String actorId, long occurredAt, List<String> userIds,
                 ObjectNode frame) {
        this(eventId, type, channelId, actorId, occurredAt, userIds, frame, true);
    }

    public ObjectNode toJson() {
        var node = Json.object().put("v", 1).put("eventId", eventId).put("type", type);
        if (channelId != null) {
            node.put("channelId", channelId);
        }
        node.put("actorId", actorId).put("occurredAt", occurredAt);
        var users = node.putArray("userIds");
        userIds.forEach(users::add);
        if (!toMembers) {
            node.put("audience", "users");
        }
        node.set("frame", frame);
        return node;
    }

    /** Reads an envelope; throws {@link MalformedRecordException} naming what is wrong. */
    public static Event fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MalformedRecordException("event is not a JSON object");
        }
        if (node.path("v").asInt() != 1) {
            throw new MalformedRecordException("unsupported event version " + Json.write(node.path("v")));
        }
        var frame = node.get("frame");
        if (!(frame instanceof ObjectNode frameObject)) {
            throw new MalformedRecordException("event has no frame");
        }
        var users = new ArrayList<String>();
        node.path("userIds").forEach(u -> users.add(u.asText()));
        return new Event(text(node, "eventId"), text(node, "type"), node.path("channelId").isTextual()
                ? node.get("channelId").textValue() : null, text(node, "actorId"), node.path("occurredAt").asLong(), users,
                frameObject, !"users".equals(node.path("audience").asText()));
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedRecordException("event has no " + field);
        }
        return value.textValue();
    }
}
