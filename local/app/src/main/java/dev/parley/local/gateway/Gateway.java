package dev.parley.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.ApiModel;
import dev.parley.local.TokenIssuer;
import dev.parley.local.engines.RequestCounts;
import dev.parley.local.faults.Faults;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The WebSocket API as API Gateway serves it, on one port: the {@code $connect} handshake ({@link Handshake}) through
 * the REQUEST authorizer and the connect integration, route selection on {@code $request.body.action} with
 * {@code $default}, the authorizer context on every route, route responses, {@code $disconnect} on close
 * ({@link Connection}), the {@code @connections} management API ({@link ConnectionsApi}), and API Gateway's limits. The
 * same port serves the development token issuer and the chat page ({@link DevEndpoints}).
 */
public final class Gateway implements AutoCloseable {

    /** Limits as API Gateway sets them, except where a test shortens them. */
    public record Limits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionDuration) {
        public static Limits apiGateway() {
            return new Limits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final Limits limits;
    private final String region;
    private final String accountId;
    private final ConnectionsApi connectionsApi;
    private final DevEndpoints devEndpoints;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
            .name("parley-gateway-timers").factory());
    private final java.util.concurrent.atomic.AtomicInteger disconnecting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ApiModel api;
    private volatile TokenIssuer tokens;
    private volatile RequestCounts counts;
    private volatile Faults faults;

    public Gateway(String host, int port, Limits limits, String region, String accountId, String accessKeyId) {
        this.limits = limits;
        this.region = region;
        this.accountId = accountId;
        this.connectionsApi = new ConnectionsApi(this, accessKeyId);
        this.devEndpoints = new DevEndpoints(this);
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        var upgrade = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxFrameSize(limits.maxFrameBytes());
            // A larger frame closes the connection (1009) as on API Gateway, instead of being split up.
            container.setAutoFragment(false);
            container.setMaxTextMessageSize(limits.maxMessageBytes());
            container.setMaxBinaryMessageSize(limits.maxMessageBytes());
            container.setIdleTimeout(limits.idleTimeout());
            container.addMapping("/*", this::handshake);
        });
        upgrade.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return http(request, response, callback);
            }
        });
        server.setHandler(upgrade);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public void tokens(TokenIssuer issuer) {
        this.tokens = issuer;
    }

    /**
     * Counts messages received, route responses and {@code @connections} posts ({@code apigateway.*}), and serves
     * every counter on {@code GET /dev/counters} and {@code POST /dev/counters/reset}.
     */
    public void counts(RequestCounts requestCounts) {
        this.counts = requestCounts;
    }

    void count(String name) {
        var current = counts;
        if (current != null) {
            current.increment(name);
        }
    }

    /**
     * Injects the gateway's faults of {@code --faults} ({@code @connections} posts answered 410, 429 or 500, lost
     * {@code $disconnect}s), and serves them on {@code GET /dev/faults}.
     */
    public void faults(Faults injected) {
        this.faults = injected;
    }

    boolean inject(Faults.Point point) {
        var current = faults;
        return current != null && current.inject(point);
    }

    /** Serves this API from now on; until then handshakes are answered 503. */
    public void api(ApiModel model) {
        this.api = model;
    }

    private Object handshake(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        var model = api;
        var path = request.getHttpURI().getPath();
        if (model == null) {
            Response.writeError(request, response, callback, 503, "Parley Local is still starting");
            return null;
        }
        if (!path.equals("/") && !path.equals("/" + model.stageName()) && !path.equals("/" + model.stageName() + "/")) {
            Response.writeError(request, response, callback, 404);
            return null;
        }
        return Handshake.accept(this, model, request, response, callback);
    }

    ObjectNode requestContext(ApiModel model, String routeKey, String eventType, String connectionId, long connectedAt,
                              Map<String, Object> authorizer, String sourceIp, String userAgent) {
        var now = System.currentTimeMillis();
        var context = MAPPER.createObjectNode()
                .put("routeKey", routeKey)
                .put("eventType", eventType)
                .put("extendedRequestId", UUID.randomUUID().toString())
                .put("requestTime", Instant.ofEpochMilli(now).toString())
                .put("messageDirection", "IN")
                .put("stage", model.stageName())
                .put("connectedAt", connectedAt)
                .put("requestTimeEpoch", now)
                .put("requestId", UUID.randomUUID().toString())
                .put("domainName", "127.0.0.1:" + port())
                .put("connectionId", connectionId)
                .put("apiId", model.apiId());
        if (eventType.equals("MESSAGE")) {
            context.put("messageId", UUID.randomUUID().toString());
            count("apigateway.messagesReceived");
            var route = model.routes().get(routeKey);
            if (route != null && route.returnsResponse()) {
                count("apigateway.routeResponses");
            }
        }
        if (eventType.equals("DISCONNECT")) {
            context.put("disconnectStatusCode", 1000).put("disconnectReason", "");
        }
        context.putObject("identity").put("sourceIp", sourceIp).put("userAgent", userAgent);
        if (authorizer != null && !authorizer.isEmpty()) {
            context.set("authorizer", MAPPER.valueToTree(authorizer));
        }
        return context;
    }

    ObjectNode webSocketEvent(ApiModel model, String routeKey, String eventType, String connectionId, long connectedAt,
                              Map<String, Object> authorizer, String sourceIp, String userAgent, String body) {
        var event = MAPPER.createObjectNode();
        event.set("requestContext", requestContext(model, routeKey, eventType, connectionId, connectedAt, authorizer, sourceIp,
                userAgent));
        event.put("isBase64Encoded", false);
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    void opened(Connection connection) {
        connections.put(connection.connectionId(), connection);
        count("apigateway.connections");
        timers.schedule(() -> connection.close(1001, "Going away"), limits.maxConnectionDuration().toMillis(), TimeUnit.MILLISECONDS);
    }

    void closed(Connection connection) {
        connections.remove(connection.connectionId());
    }

    void disconnecting(int delta) {
        disconnecting.addAndGet(delta);
    }

    /** HTTP on the same port: {@code @connections}, and the development endpoints. */
    private boolean http(Request request, Response response, Callback callback) {
        var path = request.getHttpURI().getPath();
        var model = api;
        try {
            var connectionsPath = model == null ? null : "/" + model.stageName() + "/@connections/";
            if (connectionsPath != null && path.startsWith(connectionsPath)) {
                return connectionsApi.handle(request, response, callback, path.substring(connectionsPath.length()));
            }
            return devEndpoints.handle(request, response, callback, path);
        } catch (IOException e) {
            Response.writeError(request, response, callback, 500);
            return true;
        }
    }

    Connection connection(String connectionId) {
        return connections.get(connectionId);
    }

    int connectionCount() {
        return connections.size();
    }

    ApiModel currentApi() {
        return api;
    }

    TokenIssuer currentTokens() {
        return tokens;
    }

    RequestCounts currentCounts() {
        return counts;
    }

    Faults currentFaults() {
        return faults;
    }

    String region() {
        return region;
    }

    String accountId() {
        return accountId;
    }

    Limits limits() {
        return limits;
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes every connection and gives their {@code $disconnect} integrations a moment to run before stopping. */
    @Override
    public void close() throws Exception {
        for (var connection : connections.values()) {
            connection.close(1001, "Going away");
        }
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((!connections.isEmpty() || disconnecting.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        timers.shutdownNow();
        server.stop();
    }

    /** Lookup for sessions by id, for tests and the banner. */
    Session session(String connectionId) {
        var connection = connections.get(connectionId);
        return connection == null ? null : connection.session();
    }
}
