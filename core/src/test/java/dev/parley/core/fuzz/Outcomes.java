package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ErrorCode;
import dev.parley.core.protocol.Frame;
import dev.parley.core.protocol.Frames;
import dev.parley.core.protocol.ParleyException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a WebSocket handler may answer to any frame: the response frame of the frame's action, or an error frame of
 * docs/protocol.md ({@code code}, {@code message}, and {@code requestId} when the frame had a usable one), never
 * {@code internal}; nothing at all only for a {@code typing} that succeeded.
 */
public final class Outcomes {

    /** The response {@code type} of each action (docs/protocol.md, "Actions"). */
    public static final Map<String, String> RESPONSE_TYPES = Map.ofEntries(
            Map.entry("createChannel", "channel"), Map.entry("joinChannel", "channel"), Map.entry("addMembers", "channel"),
            Map.entry("leaveChannel", "left"),
            Map.entry("listChannels", "channels"), Map.entry("listMembers", "members"), Map.entry("sendMessage", "ack"),
            Map.entry("editMessage", "ack"), Map.entry("deleteMessage", "ack"), Map.entry("react", "ack"),
            Map.entry("getHistory", "history"), Map.entry("markRead", "ack"), Map.entry("subscribePresence", "presence"),
            Map.entry("requestUpload", "upload"), Map.entry("getAttachmentUrl", "download"), Map.entry("registerDevice", "ack"),
            Map.entry("ping", "pong"), Map.entry("setNotifications", "ack"), Map.entry("getThread", "thread"),
            Map.entry("renameChannel", "channel"), Map.entry("setTopic", "channel"),
            Map.entry("removeMember", "removed"), Map.entry("setRole", "role"), Map.entry("archiveChannel", "channel"),
            Map.entry("unarchiveChannel", "channel"));

    private static final Set<String> REFUSALS = Arrays.stream(ErrorCode.values()).filter(code -> code != ErrorCode.INTERNAL)
            .map(ErrorCode::wireName).collect(Collectors.toUnmodifiableSet());

    private Outcomes() {
    }

    /** The frame a body parses to, or null when the parser refuses it; any other outcome of the parser fails. */
    public static Frame parsedOrNull(String body) {
        try {
            return Frames.parse(body);
        } catch (ParleyException e) {
            assertThat(e.code()).as("parser refusal code").isNotEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).as("parser refusal message").isNotBlank();
            return null;
        }
    }

    /** A history page holds only seqs inside the asked range, oldest first. */
    private static void assertHistoryWithin(Action.GetHistory history, JsonNode frame, String reply) {
        var previous = history.afterSeq() == null ? 0 : history.afterSeq();
        for (var message : frame.path("messages")) {
            var seq = message.path("seq").asLong();
            assertThat(seq).as("seq after %d, ascending, in %s", previous, reply).isGreaterThan(previous);
            if (history.beforeSeq() != null) {
                assertThat(seq).as("seq before %d in %s", history.beforeSeq(), reply).isLessThan(history.beforeSeq());
            }
            previous = seq;
        }
    }

    /** A thread page holds its root and only replies to it after the asked seq, oldest first. */
    private static void assertThreadWithin(Action.GetThread thread, JsonNode frame, String reply) {
        assertThat(frame.path("root").path("seq").asLong()).as("root of %s", reply).isEqualTo(thread.threadSeq());
        var previous = thread.afterSeq() == null ? 0 : thread.afterSeq();
        for (var message : frame.path("replies")) {
            var seq = message.path("seq").asLong();
            assertThat(seq).as("seq after %d, ascending, in %s", previous, reply).isGreaterThan(previous);
            assertThat(message.path("threadSeq").asLong()).as("thread of each reply in %s", reply).isEqualTo(thread.threadSeq());
            previous = seq;
        }
    }

    public static void assertReply(String body, APIGatewayV2WebSocketResponse response) {
        assertThat(response).as("response").isNotNull();
        assertThat(response.getStatusCode()).as("status code").isEqualTo(200);
        var parsed = parsedOrNull(body);
        var reply = response.getBody();
        if (reply == null) {
            assertThat(parsed).as("a silent answer is for a typing frame only").isNotNull();
            assertThat(parsed.action()).as("a silent answer is for a typing frame only").isInstanceOf(Action.Typing.class);
            return;
        }
        JsonNode frame;
        try {
            frame = Json.parse(reply);
        } catch (JsonProcessingException e) {
            throw new AssertionError("reply is not JSON: " + reply, e);
        }
        assertThat(frame.isObject()).as("reply is an object: %s", reply).isTrue();
        assertThat(frame.path("type").isTextual()).as("reply has a type: %s", reply).isTrue();
        var type = frame.get("type").textValue();
        String expectedRequestId;
        if (type.equals("error")) {
            assertThat(frame.path("code").asText()).as("error code of %s", reply).isIn(REFUSALS);
            assertThat(frame.path("message").isTextual() && !frame.get("message").textValue().isBlank())
                    .as("error message of %s", reply).isTrue();
            expectedRequestId = Frames.requestIdOf(body);
        } else {
            if (parsed == null) {
                fail("a frame the parser refuses was answered %s", reply);
            }
            assertThat(type).as("response type of %s", parsed.action().name()).isEqualTo(RESPONSE_TYPES.get(parsed.action().name()));
            expectedRequestId = parsed.requestId();
            if (parsed.action() instanceof Action.GetHistory history) {
                assertHistoryWithin(history, frame, reply);
            }
            if (parsed.action() instanceof Action.GetThread thread) {
                assertThreadWithin(thread, frame, reply);
            }
        }
        if (expectedRequestId == null) {
            assertThat(frame.has("requestId")).as("no requestId to echo in %s", reply).isFalse();
        } else {
            assertThat(frame.path("requestId").textValue()).as("echoed requestId in %s", reply).isEqualTo(expectedRequestId);
        }
    }
}
