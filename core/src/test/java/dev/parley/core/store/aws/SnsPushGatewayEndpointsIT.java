package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;

/**
 * Publishes to platform endpoints, and their registry, against a small SNS on loopback that answers Publish,
 * CreatePlatformEndpoint and SetEndpointAttributes with the responses and errors AWS documents for them (query protocol, XML).
 */
class SnsPushGatewayEndpointsIT {

    private static final String APP = "arn:aws:sns:us-east-1:000000000000:app/GCM/parley";
    private static final String XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final String ENDPOINTS = "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/parley/";

    private static final List<Map<String, String>> REQUESTS = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static SnsClient sns;
    private static SnsPushGateway push;
    private static SnsPushEndpoints endpoints;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", SnsPushGatewayEndpointsIT::handle);
        server.start();
        sns = SnsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("parleytest", "secret")))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        push = new SnsPushGateway(sns, "arn:aws:sns:us-east-1:000000000000:notifications");
        endpoints = new SnsPushEndpoints(sns, Map.of("fcm", APP));
    }

    @AfterAll
    static void stop() {
        sns.close();
        server.stop(0);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            REQUESTS.add(form);
            var action = form.getOrDefault("Action", "");
            switch (action) {
                case "Publish" -> publish(exchange, form.getOrDefault("TargetArn", ""));
                case "CreatePlatformEndpoint" -> createEndpoint(exchange, form.getOrDefault("Token", ""));
                case "SetEndpointAttributes" -> reply(exchange, 200, "<SetEndpointAttributesResponse xmlns=\"" + XMLNS + "\">"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SetEndpointAttributesResponse>");
                default -> error(exchange, 400, "InvalidAction", "unknown action " + action);
            }
        }
    }

    private static void publish(HttpExchange exchange, String target) throws IOException {
        if (target.endsWith("/disabled")) {
            error(exchange, 400, "EndpointDisabled", "Endpoint is disabled");
        } else if (target.endsWith("/deleted")) {
            error(exchange, 404, "NotFound", "Endpoint does not exist");
        } else if (target.endsWith("/too-long")) {
            error(exchange, 400, "InvalidParameter", "Invalid parameter: Message too long");
        } else {
            reply(exchange, 200, "<PublishResponse xmlns=\"" + XMLNS + "\"><PublishResult>"
                    + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                    + "</PublishResponse>");
        }
    }

    private static void createEndpoint(HttpExchange exchange, String token) throws IOException {
        if (token.startsWith("known")) {
            error(exchange, 400, "InvalidParameter", "Invalid parameter: Token Reason: Endpoint " + ENDPOINTS + token
                    + " already exists with the same Token, but different attributes.");
            return;
        }
        reply(exchange, 200, "<CreatePlatformEndpointResponse xmlns=\"" + XMLNS + "\">"
                + "<CreatePlatformEndpointResult><EndpointArn>" + ENDPOINTS + token + "</EndpointArn></CreatePlatformEndpointResult>"
                + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></CreatePlatformEndpointResponse>");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        reply(exchange, status, "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        var body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        var values = new TreeMap<String, String>();
        for (var pair : body.split("&")) {
            if (!pair.isEmpty()) {
                var at = pair.indexOf('=');
                var name = URLDecoder.decode(at < 0 ? pair : pair.substring(0, at), StandardCharsets.UTF_8);
                values.put(name, at < 0 ? "" : URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Test
    void publishToEndpoint_whenAccepted_sendsAJsonStructuredMessage() {
        var message = "{\"default\":\"alice: hi\",\"GCM\":\"{\\\"notification\\\":{}}\"}";

        var sent = push.publishToEndpoint(ENDPOINTS + "live", message);

        assertThat(sent).isTrue();
        assertThat(REQUESTS).anySatisfy(request -> {
            assertThat(request).containsEntry("Action", "Publish").containsEntry("TargetArn", ENDPOINTS + "live")
                    .containsEntry("MessageStructure", "json").containsEntry("Message", message);
        });
    }

    @Test
    void publishToEndpoint_whenDisabledOrDeleted_isFalse() {
        assertThat(push.publishToEndpoint(ENDPOINTS + "disabled", "{\"default\":\"x\"}")).isFalse();
        assertThat(push.publishToEndpoint(ENDPOINTS + "deleted", "{\"default\":\"x\"}")).isFalse();
    }

    @Test
    void publishToEndpoint_whenAnotherInvalidParameter_throws() {
        assertThatThrownBy(() -> push.publishToEndpoint(ENDPOINTS + "too-long", "{\"default\":\"x\"}"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void createEndpoint_whenNew_returnsItsArn() {
        assertThat(endpoints.createEndpoint(APP, "fresh-token", "alice")).isEqualTo(ENDPOINTS + "fresh-token");
    }

    @Test
    void createEndpoint_whenTokenExistsWithOtherAttributes_reusesAndUpdatesThatEndpoint() {
        var arn = endpoints.createEndpoint(APP, "known-token", "bob");

        assertThat(arn).isEqualTo(ENDPOINTS + "known-token");
        assertThat(REQUESTS).filteredOn(request -> "SetEndpointAttributes".equals(request.get("Action"))
                && arn.equals(request.get("EndpointArn"))).singleElement().satisfies(request -> {
                    var attributes = new TreeMap<String, String>();
                    for (var i = 1; request.containsKey("Attributes.entry." + i + ".key"); i++) {
                        attributes.put(request.get("Attributes.entry." + i + ".key"), request.get("Attributes.entry." + i + ".value"));
                    }
                    assertThat(attributes).containsEntry("Token", "known-token").containsEntry("Enabled", "true")
                            .containsEntry("CustomUserData", "bob");
                });
    }
}
