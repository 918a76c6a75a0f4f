package dev.parley.functions.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.PresenceService;
import dev.parley.core.service.RateLimiter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final PresenceHandler handler = new PresenceHandler(new PresenceService(chat.memberStore, chat.presenceStore,
            chat.presenceWatchStore, chat.throttleStore, chat.eventPublisher, new RateLimiter(chat.throttleStore, Clock.systemUTC()),
            Clock.systemUTC()), Clock.systemUTC());

    private String reply(String routeKey, String body) {
        return handler.handleRequest(LambdaEvents.webSocket(routeKey, "conn-a", "alice", body), new TestContext("presence")).getBody();
    }

    @Test
    void handleRequest_whenDefaultRouteGetsAnUnknownAction_answersUnknownAction() {
        var error = Json.parseTrusted(reply("$default", "{\"action\":\"teleport\",\"requestId\":\"r7\"}"));

        assertThat(error.get("code").asText()).isEqualTo("unknown_action");
        assertThat(error.get("requestId").asText()).isEqualTo("r7");
    }

    @Test
    void handleRequest_whenDefaultRouteGetsGarbage_answersBadRequest() {
        assertThat(Json.parseTrusted(reply("$default", "{{{")).get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void handleRequest_whenPinged_answersPong() {
        var pong = Json.parseTrusted(reply("ping", "{\"action\":\"ping\",\"requestId\":\"p\"}"));

        assertThat(pong.get("type").asText()).isEqualTo("pong");
        assertThat(pong.get("serverTime").asLong()).isPositive();
    }

    @Test
    void handleRequest_whenTyping_answersNothingAndPublishes() {
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 0, 1),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false)));

        assertThat(reply("typing", "{\"action\":\"typing\",\"channelId\":\"c-1\"}")).isNull();
        assertThat(chat.published).hasSize(1);
    }

    @Test
    void handleRequest_whenSubscribing_answersASnapshot() {
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 0, 2),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false), new Member("c-1", "bob", Member.MEMBER, 0, 0, false)));

        var snapshot = Json.parseTrusted(reply("subscribePresence", "{\"action\":\"subscribePresence\",\"userIds\":[\"bob\"]}"));

        assertThat(snapshot.get("type").asText()).isEqualTo("presence");
        assertThat(snapshot.get("users").get(0).get("status").asText()).isEqualTo("offline");
    }

    @Test
    void handleRequest_whenLambdaHandsOverTheEventsBytes_writesTheResponseAsJson() throws IOException {
        var event = """
                {"requestContext":{"routeKey":"ping","eventType":"MESSAGE","connectionId":"conn-a","requestId":"r",
                "authorizer":{"principalId":"alice","userId":"alice"}},
                "body":"{\\"action\\":\\"ping\\",\\"requestId\\":\\"p\\"}","isBase64Encoded":false}""";
        var output = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, new TestContext("presence"));

        var response = Json.parseTrusted(output.toString(StandardCharsets.UTF_8));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        var pong = Json.parseTrusted(response.get("body").asText());
        assertThat(pong.get("type").asText()).isEqualTo("pong");
        assertThat(pong.get("requestId").asText()).isEqualTo("p");
    }
}
