package dev.parley.functions.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.service.ConnectionService;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ConnectHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final ConnectHandler handler = new ConnectHandler(new ConnectionService(chat.connectionStore, chat.presenceStore,
            chat.memberStore, chat.channelConnectionStore, chat.eventPublisher, Clock.systemUTC()));

    @Test
    void handleRequest_whenAuthorized_recordsTheConnectionAndPresence() {
        var response = handler.handleRequest(LambdaEvents.webSocket("$connect", "conn-1", "alice", null), new TestContext("connect"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(chat.connections.get("conn-1").userId()).isEqualTo("alice");
        assertThat(chat.presence.get("alice").online()).isTrue();
    }

    @Test
    void handleRequest_whenTheAuthorizerGaveTheTokenExpiry_recordsTheConnectionAsAuthorizedUntilThen() {
        var event = LambdaEvents.webSocket("$connect", "conn-2", "alice", null);
        event.getRequestContext().getAuthorizer().put("expiresAt", "4070908800");

        handler.handleRequest(event, new TestContext("connect"));

        assertThat(chat.connections.get("conn-2").authorizedUntil()).isEqualTo(4070908800L);
    }

    @Test
    void handleRequest_whenThereIsNoAuthorizerIdentity_refusesAndRecordsNothing() {
        var response = handler.handleRequest(LambdaEvents.webSocket("$connect", "conn-1", null, null), new TestContext("connect"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(chat.connections).isEmpty();
    }
}
