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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebSocketActionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final AtomicReference<Caller> seen = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final WebSocketActions<Action.ServedByPresence> actions = new WebSocketActions<>("test", Action.ServedByPresence.class,
            (caller, requestId, action) -> {
                seen.set(caller);
                return switch (action) {
                    case Action.Ping ping -> Replies.pong(requestId, 1);
                    case Action.SubscribePresence subscribe when subscribe.userIds().contains("boom") ->
                            throw new IllegalStateException("database on fire");
                    case Action.SubscribePresence subscribe when subscribe.userIds().contains("missing") ->
                            throw new NotFoundException("no user");
                    case Action.SubscribePresence subscribe when subscribe.userIds().contains("spam") ->
                            throw new RateLimitedException("slow down", 42);
                    case Action.SubscribePresence subscribe -> Replies.pong(requestId, 2);
                    case Action.Typing typing -> null;
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
        var response = actions.handle(event("{\"action\":\"typing\",\"channelId\":\"c-1\","
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
        var response = actions.handle(event("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"m\",\"text\":\"hi\","
                + "\"requestId\":\"r2\"}", Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isEqualTo("{\"type\":\"error\",\"requestId\":\"r2\",\"code\":\"unknown_action\","
                + "\"message\":\"unknown action \\\"sendMessage\\\"\"}");
        assertThat(seen.get()).isNull();
    }

    @Test
    void handle_whenServiceFailsUnexpectedly_answersInternalWithoutDetails() {
        var response = actions.handle(event("{\"action\":\"subscribePresence\",\"requestId\":\"r3\",\"userIds\":[\"boom\"]}",
                Map.of("userId", "alice")), null);

        var body = Json.parseTrusted(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body.get("code").asText()).isEqualTo("internal");
        assertThat(body.get("message").asText()).doesNotContain("database");
    }

    @Test
    void handle_whenRateLimited_answersRateLimitedWithRetryAfter() {
        var response = actions.handle(event("{\"action\":\"subscribePresence\",\"requestId\":\"r5\",\"userIds\":[\"spam\"]}",
                Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isEqualTo(
                "{\"type\":\"error\",\"requestId\":\"r5\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"retryAfter\":42}");
    }

    @Test
    void handle_whenServiceRefuses_answersItsCode() {
        var response = actions.handle(event("{\"action\":\"subscribePresence\",\"requestId\":\"r4\",\"userIds\":[\"missing\"]}",
                Map.of("userId", "alice")), null);

        assertThat(Json.parseTrusted(response.getBody()).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void handle_whenBodyIsNotJson_answersBadRequest() {
        var response = actions.handle(event("hello?", Map.of("userId", "alice")), null);

        assertThat(Json.parseTrusted(response.getBody()).get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void handle_whenActionHasNoResponse_answersWithNoBody() {
        var response = actions.handle(event("{\"action\":\"typing\",\"channelId\":\"c-1\"}", Map.of("userId", "alice")), null);

        assertThat(response.getBody()).isNull();
    }
}
