package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code $connect} handshake: refused tokens get 401 or 403 and leave no connection behind. */
class HandshakeIT {

    private static ParleyLocal local;

    @BeforeAll
    static void start() throws Exception {
        local = RunningLocal.get();
    }

    private static int refusal(String query) {
        var attempt = ChatClient.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(local.endpoints().websocketUrl() + query), new WebSocket.Listener() { });
        var failure = assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).actual();
        var cause = failure.getCause();
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    @Test
    void connect_whenTheTokenIsMissing_isRefusedWith401() {
        assertThat(refusal("")).isEqualTo(401);
        assertThat(refusal("?token=")).isEqualTo(401);
    }

    @Test
    void connect_whenTheTokenIsExpiredForgedOrGarbage_isRefusedWith403() {
        var expired = local.tokens().token("alice", Duration.ofMinutes(-5));
        var otherKey = TokenIssuer.create(local.tokens().issuer(), null).token("alice", Duration.ofMinutes(5));
        var otherIssuer = TokenIssuer.create("http://evil.example", null).token("alice", Duration.ofMinutes(5));

        assertThat(refusal("?token=" + expired)).isEqualTo(403);
        assertThat(refusal("?token=" + otherKey)).isEqualTo(403);
        assertThat(refusal("?token=" + otherIssuer)).isEqualTo(403);
        assertThat(refusal("?token=not.a.jwt")).isEqualTo(403);
    }

    @Test
    void connect_whenTheTokenIsValid_opens() throws Exception {
        try (var client = ChatClient.connect(local.endpoints(), "handshake-ok")) {
            assertThat(client.call("ping").get("type").asText()).isEqualTo("pong");
        }
    }
}
