package dev.parley.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates client frames into {@link Action}s, and writes the response and error frames.
 *
 * <p>Validation is complete here: a service receives only well-formed values (ids of the right shape,
 * sizes within {@link Limits}); what needs state (membership, existence) is the service's job.
 */
public final class Frames {

    private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern USER_ID = Pattern.compile("[^#\\p{Cntrl}\\s]{1,128}");
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_]{1,32}");
    /** The roles of a channel member, as {@code dev.parley.core.model.Member} stores them. */
    private static final Set<String> ROLES = Set.of("owner", "member");

    private Frames() {
    }

    /** The frame's {@code requestId} if one can be read, for error frames about frames that fail to parse. */
    public static String requestIdOf(String body) {
        if (body == null || body.length() > Limits.MAX_FRAME_BYTES) {
            return null;
        }
        try {
            var node = Json.parse(body).get("requestId");
            return node != null && node.isTextual() && node.textValue().length() <= Limits.MAX_ID_CHARS
                    ? node.textValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static boolean isUserId(String value) {
        return value != null && USER_ID.matcher(value).matches();
    }

    public static Frame parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("empty frame: send a JSON object with an \"action\"");
        }
        if (body.length() > Limits.MAX_FRAME_BYTES || body.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES) {
            throw new TooLargeException("frame exceeds " + Limits.MAX_FRAME_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("frame is not valid JSON");
        }
        if (!(root instanceof ObjectNode frame)) {
            throw new BadRequestException("frame must be a JSON object");
        }
        var requestIdNode = frame.get("requestId");
        String requestId = null;
        if (requestIdNode != null && !requestIdNode.isNull()) {
            if (!requestIdNode.isTextual() || requestIdNode.textValue().length() > Limits.MAX_ID_CHARS) {
                throw new BadRequestException("requestId must be a string of at most " + Limits.MAX_ID_CHARS + " characters");
            }
            requestId = requestIdNode.textValue();
        }
        var actionNode = frame.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            throw new BadRequestException("missing \"action\"");
        }
        var type = Action.Type.fromWireName(actionNode.textValue());
        return new Frame(requestId, type.parse(new Fields(frame)));
    }

    static Action.CreateChannel createChannel(Fields fields) {
        var kind = ChannelKind.fromWireName(fields.requiredString("kind", 16));
        var members = fields.userIds("members", Limits.MAX_INITIAL_MEMBERS, false);
        if (kind == ChannelKind.DIRECT) {
            if (members.size() != 1) {
                throw new BadRequestException("a direct channel names exactly one other member");
            }
            return new Action.CreateChannel(null, kind, members);
        }
        var name = fields.requiredString("name", Limits.MAX_CHANNEL_NAME_CHARS).strip();
        if (name.isEmpty()) {
            throw new BadRequestException("name must not be blank");
        }
        return new Action.CreateChannel(name, kind, members);
    }

    static Action.AddMembers addMembers(Fields fields) {
        var channelId = fields.channelId();
        var userIds = fields.userIds("userIds", Limits.MAX_ADDED_MEMBERS, true);
        if (userIds.isEmpty()) {
            throw new BadRequestException("userIds must name at least one user");
        }
        return new Action.AddMembers(channelId, userIds);
    }

    static Action.SendMessage sendMessage(Fields fields) {
        var channelId = fields.channelId();
        var clientMsgId = fields.requiredString("clientMsgId", Limits.MAX_CLIENT_MSG_ID_CHARS);
        if (!CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
            throw new BadRequestException("clientMsgId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
        var attachments = fields.attachments();
        var text = fields.text(attachments.isEmpty());
        Long threadSeq = fields.optionalSeq("threadSeq");
        return new Action.SendMessage(channelId, clientMsgId, text, attachments, threadSeq);
    }

    static Action.React react(Fields fields) {
        var emoji = fields.requiredString("emoji", Limits.MAX_EMOJI_CHARS);
        if (emoji.isBlank() || emoji.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new BadRequestException("emoji must be non-blank with no spaces");
        }
        return new Action.React(fields.channelId(), fields.seq("seq"), emoji, fields.optionalBoolean("remove"));
    }

    static Action.GetHistory getHistory(Fields fields) {
        var channelId = fields.channelId();
        var beforeSeq = fields.optionalSeq("beforeSeq");
        var afterSeq = fields.optionalSeqOrZero("afterSeq");
        var limit = fields.optionalInt("limit", Limits.DEFAULT_HISTORY_PAGE);
        if (limit < 1 || limit > Limits.MAX_HISTORY_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + Limits.MAX_HISTORY_PAGE);
        }
        if (beforeSeq != null && afterSeq != null && beforeSeq - 1 <= afterSeq) {
            throw new BadRequestException("beforeSeq must be greater than afterSeq + 1");
        }
        return new Action.GetHistory(channelId, beforeSeq, afterSeq, limit, fields.optionalBoolean("excludeReplies"));
    }

    static Action.GetThread getThread(Fields fields) {
        var channelId = fields.channelId();
        var threadSeq = fields.seq("threadSeq");
        var afterSeq = fields.optionalSeqOrZero("afterSeq");
        var limit = fields.optionalInt("limit", Limits.DEFAULT_HISTORY_PAGE);
        if (limit < 1 || limit > Limits.MAX_HISTORY_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + Limits.MAX_HISTORY_PAGE);
        }
        return new Action.GetThread(channelId, threadSeq, afterSeq, limit);
    }

    static Action.SubscribePresence subscribePresence(Fields fields) {
        var userIds = fields.userIds("userIds", Limits.MAX_PRESENCE_SUBSCRIPTIONS, true);
        if (userIds.isEmpty()) {
            throw new BadRequestException("userIds must name at least one user");
        }
        return new Action.SubscribePresence(userIds);
    }

    static Action.RequestUpload requestUpload(Fields fields) {
        var channelId = fields.channelId();
        var fileName = fields.requiredString("fileName", Limits.MAX_FILE_NAME_CHARS);
        if (fileName.isBlank()) {
            throw new BadRequestException("fileName must not be blank");
        }
        var contentType = fields.requiredString("contentType", 100);
        var size = fields.requiredLong("size");
        if (size < 1) {
            throw new BadRequestException("size must be a positive number of bytes");
        }
        return new Action.RequestUpload(channelId, fileName, contentType, size);
    }

    static Action.RegisterDevice registerDevice(Fields fields) {
        var platform = fields.requiredString("platform", 32);
        if (!PLATFORM.matcher(platform).matches()) {
            throw new BadRequestException("platform must be a lower-case name such as \"apns\" or \"fcm\"");
        }
        var token = fields.requiredString("deviceToken", Limits.MAX_DEVICE_TOKEN_CHARS);
        if (token.isBlank()) {
            throw new BadRequestException("deviceToken must not be blank");
        }
        return new Action.RegisterDevice(platform, token);
    }

    static Action.SetNotifications setNotifications(Fields fields) {
        var channelId = fields.channelId();
        var level = NotificationLevel.fromWireName(fields.requiredString("level", 16));
        var node = fields.frame().get("mutedUntil");
        Long mutedUntil = null;
        if (node != null && !node.isNull()) {
            if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < 0
                    || node.longValue() > Limits.MAX_MUTED_UNTIL) {
                throw new BadRequestException("mutedUntil must be epoch milliseconds between 0 and " + Limits.MAX_MUTED_UNTIL
                        + ", or null");
            }
            mutedUntil = node.longValue();
        }
        return new Action.SetNotifications(channelId, level, mutedUntil);
    }

    static Action.RenameChannel renameChannel(Fields fields) {
        var channelId = fields.channelId();
        var name = fields.requiredString("name", Limits.MAX_CHANNEL_NAME_CHARS).strip();
        if (name.isEmpty()) {
            throw new BadRequestException("name must not be blank");
        }
        return new Action.RenameChannel(channelId, name);
    }

    static Action.SetTopic setTopic(Fields fields) {
        var channelId = fields.channelId();
        var topic = fields.requiredString("topic", Limits.MAX_TOPIC_CHARS).strip();
        if (topic.codePoints().anyMatch(c -> Character.isISOControl(c))) {
            throw new BadRequestException("topic must be one line of text");
        }
        return new Action.SetTopic(channelId, topic);
    }

    static Action.SetRole setRole(Fields fields) {
        var channelId = fields.channelId();
        var userId = fields.userId("userId");
        var role = fields.requiredString("role", 16);
        if (!ROLES.contains(role)) {
            throw new BadRequestException("role must be \"owner\" or \"member\"");
        }
        return new Action.SetRole(channelId, userId, role);
    }

    static String abbreviate(String value) {
        var printable = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }

    /** An error frame as PROTOCOL.md defines it. */
    public static String error(String requestId, ErrorCode code, String message) {
        return Json.write(errorFrame(requestId, code, message));
    }

    /** The error frame of a refusal; {@code rate_limited} also says in {@code retryAfter} how many seconds to wait. */
    public static String error(String requestId, ParleyException refusal) {
        var frame = errorFrame(requestId, refusal.code(), refusal.getMessage());
        if (refusal instanceof RateLimitedException limited) {
            frame.put("retryAfter", limited.retryAfterSeconds());
        }
        return Json.write(frame);
    }

    private static ObjectNode errorFrame(String requestId, ErrorCode code, String message) {
        var frame = Json.object().put("type", "error");
        if (requestId != null) {
            frame.put("requestId", requestId);
        }
        return frame.put("code", code.wireName()).put("message", message);
    }

    /** A response frame of the given type with the request id echoed first. */
    public static ObjectNode response(String type, String requestId) {
        var frame = Json.object().put("type", type);
        if (requestId != null) {
            frame.put("requestId", requestId);
        }
        return frame;
    }

    /** Typed access to a frame's fields, each failure naming the field; the parsers of {@link Action.Type} read through it. */
    record Fields(ObjectNode frame) {

        String channelId() {
            var value = requiredString("channelId", 64);
            if (!CHANNEL_ID.matcher(value).matches()) {
                throw new BadRequestException("channelId is not a channel id");
            }
            return value;
        }

        String userId(String name) {
            var value = requiredString(name, Limits.MAX_ID_CHARS);
            if (!isUserId(value)) {
                throw new BadRequestException(name + " is not a user id");
            }
            return value;
        }

        String cursor() {
            var node = frame.get("cursor");
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > Limits.MAX_CURSOR_CHARS) {
                throw new BadRequestException("cursor must be a cursor returned by the server");
            }
            return node.textValue();
        }

        String requiredString(String name, int maxChars) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                throw new BadRequestException("missing \"" + name + "\"");
            }
            if (!node.isTextual()) {
                throw new BadRequestException(name + " must be a string");
            }
            if (node.textValue().length() > maxChars) {
                throw new BadRequestException(name + " must be at most " + maxChars + " characters");
            }
            return node.textValue();
        }

        String text(boolean required) {
            var node = frame.get("text");
            if ((node == null || node.isNull()) && !required) {
                return "";
            }
            if (node == null || node.isNull()) {
                throw new BadRequestException("missing \"text\"");
            }
            if (!node.isTextual()) {
                throw new BadRequestException("text must be a string");
            }
            var text = node.textValue();
            if (text.codePointCount(0, text.length()) > Limits.MAX_TEXT_CHARS) {
                throw new TooLargeException("text exceeds " + Limits.MAX_TEXT_CHARS + " characters");
            }
            if (required && text.isBlank()) {
                throw new BadRequestException("text must not be blank");
            }
            return text;
        }

        long seq(String name) {
            var value = optionalSeq(name);
            if (value == null) {
                throw new BadRequestException("missing \"" + name + "\"");
            }
            return value;
        }

        long seqOrZero(String name) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                throw new BadRequestException("missing \"" + name + "\"");
            }
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < 0) {
                throw new BadRequestException(name + " must be a non-negative integer");
            }
            return node.longValue();
        }

        Long optionalSeq(String name) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < 1) {
                throw new BadRequestException(name + " must be a positive integer");
            }
            return node.longValue();
        }

        /** A seq, or 0 for "before the first message": {@code afterSeq} 0 reads from the start, holes included. */
        Long optionalSeqOrZero(String name) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < 0) {
                throw new BadRequestException(name + " must be a non-negative integer");
            }
            return node.longValue();
        }

        long requiredLong(String name) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                throw new BadRequestException("missing \"" + name + "\"");
            }
            if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                throw new BadRequestException(name + " must be an integer");
            }
            return node.longValue();
        }

        int optionalInt(String name, int fallback) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()) {
                throw new BadRequestException(name + " must be an integer");
            }
            return node.intValue();
        }

        boolean optionalBoolean(String name) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isBoolean()) {
                throw new BadRequestException(name + " must be true or false");
            }
            return node.booleanValue();
        }

        List<String> userIds(String name, int max, boolean required) {
            var node = frame.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    throw new BadRequestException("missing \"" + name + "\"");
                }
                return List.of();
            }
            if (!node.isArray()) {
                throw new BadRequestException(name + " must be an array of user ids");
            }
            if (node.size() > max) {
                throw new TooLargeException(name + " names more than " + max + " users");
            }
            var ids = new LinkedHashSet<String>();
            for (var element : node) {
                if (!element.isTextual() || !isUserId(element.textValue())) {
                    throw new BadRequestException(name + " must contain user ids");
                }
                ids.add(element.textValue());
            }
            return List.copyOf(ids);
        }

        List<String> attachments() {
            var node = frame.get("attachments");
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw new BadRequestException("attachments must be an array of {\"key\": …}");
            }
            if (node.size() > Limits.MAX_ATTACHMENTS) {
                throw new TooLargeException("at most " + Limits.MAX_ATTACHMENTS + " attachments per message");
            }
            var keys = new ArrayList<String>();
            for (var element : node) {
                var key = element.isObject() ? element.get("key") : null;
                if (key == null || !key.isTextual() || key.textValue().isEmpty() || key.textValue().length() > 1024) {
                    throw new BadRequestException("each attachment must be {\"key\": \"attachments/…\"}");
                }
                if (!keys.contains(key.textValue())) {
                    keys.add(key.textValue());
                }
            }
            return keys;
        }

        String attachmentKey(String name) {
            var key = requiredString(name, 1024);
            if (key.isEmpty()) {
                throw new BadRequestException(name + " must not be empty");
            }
            return key;
        }
    }
}
