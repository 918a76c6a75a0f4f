package dev.parley.functions.disconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.service.ConnectionService;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DisconnectHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final ConnectionService connections = new ConnectionService(chat.connectionStore, chat.presenceStore, chat.memberStore,
            chat.channelConnectionStore, chat.eventPublisher, Clock.systemUTC());
    private final DisconnectHandler handler = new DisconnectHandler(connections);

    @Test
    void handleRequest_whenDeliveredTwice_forgetsTheConnectionOnce() {
        connections.connect("conn-1", "alice");

        handler.handleRequest(LambdaEvents.webSocket("$disconnect", "conn-1", "alice", null), new TestContext("disconnect"));
        var again = handler.handleRequest(LambdaEvents.webSocket("$disconnect", "conn-1", "alice", null), new TestContext("disconnect"));

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(chat.connections).isEmpty();
        assertThat(chat.presence.get("alice").online()).isFalse();
        assertThat(chat.published).hasSize(2);
    }
}
