package dev.parley.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.parley.core.fakes.MutableClock;
import dev.parley.core.json.Json;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.RateLimitedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebSocketActionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final AtomicReference<Caller> seen = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final WebSocketActions actions = new WebSocketActions("test", Set.of("sendMessage", "ping"), (caller, frame) -> {
        seen.set(caller);
        return switch (frame.action()) {
            case Action.Ping ping -> Replies.pong(frame.requestId(), 1);
            case Action.SendMessage send when send.text().equals("boom") -> throw new IllegalStateException("database on fire");
            case Action.SendMessage send when send.text().equals("missing") -> throw new NotFoundException("no channel c-1");
            case Action.SendMessage send when send.text().equals("spam") -> throw new RateLimitedException("slow down", 42);
            default -> null;
        };
    }, clock);

    private static APIGatewayV2WebSocketEvent event(String body, Map<String, Object> authorizer) {
        var context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId("conn-1");
        context.setRouteKey("sendMessage");
        context.setAuthorizer(authorizer);
        var event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }

    @Test
    void handle_whenFrameClaimsAnotherSender_usesTheAuthorizerIdentity() {
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"m\",\"text\":\"hi\","
                + "\"senderId\":\"mallory\",\"userId\":\"mallory\"}", Map.of("userId", "alice")), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(new Caller("alice", "conn-1"));
    }

    @Test
    void handle_whenTheTokenOfTheConnectionHasExpired_answersUnauthorizedWithoutDispatching() {
        var expired = NOW.getEpochSecond();
        for (var authorizer : List.<Map<String, Object>>of(Map.of("userId", "alice", "expiresAt", expired),
                Map.of("userId", "alice", "expiresAt", Long.toString(expired - 60)), Map.of("userId", "alice", "expiresAt", "soon"))) {
            var response = actions.handle(event("{\"action\":\"ping\",\"requestId\":\"r9\"}", authorizer), null);

            var body = Json.parseTrusted(response.getBody());
            assertThat(body.get("code").asText()).as(authorizer.toString()).isEqualTo("unauthorized");
            assertThat(body.get("requestId").asText()).isEqualTo("r9");
        }
        assertThat(seen.get()).isNull();
    }

    @Test
    void handle_whenTheTokenOfTheConnectionIsStillValid_dispatches() {
        var response = actions.handle(event("{\"action\":\"ping\",\"requestId\":\"r10\"}",
                Map.of("userId", "alice", "expiresAt", Long.toString(NOW.getEpochSecond() + 1))), null);

        assertThat(Json.parseTrusted(response.getBody()).get("type").asText()).isEqualTo("pong");
        assertThat(seen.get()).isEqualTo(new Caller("alice", "conn-1"));
    }

    @Test
    void handle_whenThereIsNoAuthorizerIdentity_answersForbiddenWithoutDispatching() {
        var response = actions.handle(event("{\"action\":\"ping\",\"requestId\":\"r1\"}", Map.of()), null);

        assertThat(Json.parseTrusted(response.getBody()).get("code").asText()).isEqualTo("forbidden");
        assertThat(Json.parseTrusted(response.getBody()).get("requestId").asText()).isEqualTo("r1");
        assertThat(seen.get()).isNull();
    }

    @Test
    void handle_whenActionBelongsToAnotherFunction_answersUnknownAction() {
        var response = actions.handle(event("{\"action\":\"typing\",\"channelId\":\"c-1\",\"requestId\":\"r2\"}",
                Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isEqualTo(
                "{\"type\":\"error\",\"requestId\":\"r2\",\"code\":\"unknown_action\",\"message\":\"unknown action \\\"typing\\\"\"}");
    }

    @Test
    void handle_whenServiceFailsUnexpectedly_answersInternalWithoutDetails() {
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"requestId\":\"r3\",\"channelId\":\"c-1\","
                + "\"clientMsgId\":\"m\",\"text\":\"boom\"}", Map.of("userId", "alice")), null);

        var body = Json.parseTrusted(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body.get("code").asText()).isEqualTo("internal");
        assertThat(body.get("message").asText()).doesNotContain("database");
    }

    @Test
    void handle_whenRateLimited_answersRateLimitedWithRetryAfter() {
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"requestId\":\"r5\",\"channelId\":\"c-1\","
                + "\"clientMsgId\":\"m\",\"text\":\"spam\"}", Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isEqualTo(
                "{\"type\":\"error\",\"requestId\":\"r5\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"retryAfter\":42}");
    }

    @Test
    void handle_whenServiceRefuses_answersItsCode() {
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"requestId\":\"r4\",\"channelId\":\"c-1\","
                + "\"clientMsgId\":\"m\",\"text\":\"missing\"}", Map.of("userId", "alice")), null);

        assertThat(Json.parseTrusted(response.getBody()).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void handle_whenBodyIsNotJson_answersBadRequest() {
        var response = actions.handle(event("hello?", Map.of("userId", "alice")), null);

        assertThat(Json.parseTrusted(response.getBody()).get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void handle_whenActionHasNoResponse_answersWithNoBody() {
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"m\",\"text\":\"x\"}",
                Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isNull();
    }
}
