package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.core.store.ConnectionNotifier.Delivery;
import dev.parley.core.testing.LocalAws;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The notifier against a small {@code @connections} server on loopback that answers as API Gateway does. */
class ApiGatewayConnectionNotifierIT {

    private record Reply(int status, String errorType) {
    }

    private static final Map<String, Reply> REPLIES = Map.of(
            "live", new Reply(200, null),
            "gone", new Reply(410, "GoneException"),
            "throttled", new Reply(429, "LimitExceededException"),
            "broken", new Reply(500, "InternalServerErrorException"),
            "forbidden", new Reply(403, "ForbiddenException"));

    private static final List<String> POSTED = new CopyOnWriteArrayList<>();
    private static final List<String> DELETED = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static ApiGatewayConnectionNotifier notifier;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ApiGatewayConnectionNotifierIT::handle);
        server.start();
        var endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dev");
        notifier = new ApiGatewayConnectionNotifier(endpoint, LocalAws.shared().region(), LocalAws.shared().credentials());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            var id = path.substring(path.lastIndexOf('/') + 1);
            var reply = REPLIES.getOrDefault(id, new Reply(410, "GoneException"));
            var body = exchange.getRequestBody().readAllBytes();
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")) + " date="
                    + exchange.getRequestHeaders().getFirst("X-Amz-Date"));
            if ("DELETE".equals(exchange.getRequestMethod())) {
                DELETED.add(path);
            }
            if ("POST".equals(exchange.getRequestMethod()) && reply.status() == 200) {
                POSTED.add(path + " " + new String(body, StandardCharsets.UTF_8));
            }
            byte[] answer;
            if (reply.errorType() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType());
                answer = "{\"message\":\"no\"}".getBytes(StandardCharsets.UTF_8);
            } else if ("GET".equals(exchange.getRequestMethod())) {
                answer = ("{\"connectedAt\":\"2026-11-24T19:00:00Z\",\"lastActiveAt\":\"2026-11-24T19:01:00Z\","
                        + "\"identity\":{\"sourceIp\":\"127.0.0.1\"}}").getBytes(StandardCharsets.UTF_8);
            } else {
                answer = new byte[0];
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Test
    void post_whenConnectionLives_isDeliveredToItsPath() {
        var delivery = notifier.post("live", "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(delivery).isEqualTo(Delivery.DELIVERED);
        assertThat(POSTED).contains("/dev/@connections/live {\"type\":\"message\"}");
    }

    @Test
    void post_whenSent_isSignedForExecuteApiInTheRegion() {
        notifier.post("live", new byte[] {1});

        assertThat(AUTHORIZATIONS.getLast()).startsWith("AWS4-HMAC-SHA256 Credential=" + LocalAws.shared().credentials()
                        .resolveCredentials().accessKeyId() + "/")
                .contains("/" + LocalAws.shared().region().id() + "/execute-api/aws4_request")
                .contains("SignedHeaders=").contains("Signature=").doesNotContain("date=null");
    }

    @Test
    void post_whenGone_isGone() {
        assertThat(notifier.post("gone", new byte[] {1})).isEqualTo(Delivery.GONE);
    }

    @Test
    void post_whenThrottledOrFailing_isRetryNamingTheStatus() {
        assertThat(notifier.post("throttled", new byte[] {1})).isEqualTo(new Delivery.Retry("@connections answered 429", null));
        assertThat(notifier.post("broken", new byte[] {1})).isEqualTo(new Delivery.Retry("@connections answered 500", null));
    }

    @Test
    void post_whenForbidden_throws() {
        assertThatThrownBy(() -> notifier.post("forbidden", new byte[] {1}))
                .isInstanceOf(ApiGatewayConnectionNotifier.RefusedException.class);
    }

    @Test
    void close_whenLiveOrGone_deletesTheConnectionAndRefusalsThrow() {
        notifier.close("live");
        notifier.close("gone");

        assertThat(DELETED).contains("/dev/@connections/live", "/dev/@connections/gone");
        assertThatThrownBy(() -> notifier.close("forbidden")).isInstanceOf(ApiGatewayConnectionNotifier.RefusedException.class);
    }

    @Test
    void isConnected_whenLiveOrGone_answersFromGetConnection() {
        assertThat(notifier.isConnected("live")).isTrue();
        assertThat(notifier.isConnected("gone")).isFalse();
    }
}
