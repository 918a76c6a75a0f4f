package dev.parley.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.ApiModel;
import dev.parley.local.TokenIssuer;
import dev.parley.local.engines.RequestCounts;
import dev.parley.local.faults.Faults;
import dev.parley.local.lambda.InvocationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API as API Gateway serves it, on one port: the {@code $connect} handshake through the REQUEST
 * authorizer and the connect integration, route selection on {@code $request.body.action} with {@code $default},
 * the authorizer context on every route, route responses, {@code $disconnect} on close, the {@code @connections}
 * management API, and API Gateway's limits. The same port serves the development token issuer and the chat page.
 */
public final class Gateway implements AutoCloseable {

    /** Limits as API Gateway sets them, except where a test shortens them. */
    public record Limits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionDuration) {
        public static Limits apiGateway() {
            return new Limits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final Limits limits;
    private final String region;
    private final String accountId;
    private final String accessKeyId;
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
        this.accessKeyId = accessKeyId;
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

    private void count(String name) {
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

    public int openConnections() {
        return connections.size();
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
        var query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        var connectionId = newConnectionId();
        var headers = new HashMap<String, String>();
        request.getHeaders().forEach(field -> headers.put(field.getName(), field.getValue()));
        var queryParameters = new HashMap<String, String>();
        for (Fields.Field field : query) {
            queryParameters.put(field.getName(), field.getValue());
        }
        var sourceIp = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "127.0.0.1";
        var userAgent = headers.getOrDefault("User-Agent", "");
        var connectedAt = System.currentTimeMillis();
        Map<String, Object> authorizerContext = new HashMap<>();
        try {
            if (model.authorizer() != null) {
                for (var source : model.authorizer().identitySources()) {
                    var name = source.substring(source.lastIndexOf('.') + 1);
                    var fromQuery = source.contains(".querystring.") && queryParameters.getOrDefault(name, "").isEmpty();
                    var fromHeader = source.contains(".header.") && headers.getOrDefault(name, "").isEmpty();
                    if (fromQuery || fromHeader) {
                        Response.writeError(request, response, callback, 401, "Unauthorized");
                        return null;
                    }
                }
                var event = MAPPER.createObjectNode().put("type", "REQUEST")
                        .put("methodArn", "arn:aws:execute-api:" + region + ":" + accountId + ":" + model.apiId() + "/" + model.stageName()
                                + "/$connect");
                event.set("headers", MAPPER.valueToTree(headers));
                event.set("queryStringParameters", MAPPER.valueToTree(queryParameters));
                event.set("requestContext", requestContext(model, "$connect", "CONNECT", connectionId, connectedAt, null, sourceIp,
                        userAgent));
                String result;
                try {
                    result = model.authorizer().function().invoke(MAPPER.writeValueAsString(event));
                } catch (InvocationException e) {
                    var unauthorized = "Unauthorized".equals(e.getMessage());
                    if (!unauthorized) {
                        LOG.warn("authorizer failed: {}", e.getMessage());
                    }
                    Response.writeError(request, response, callback, unauthorized ? 401 : 500, unauthorized ? "Unauthorized" : null);
                    return null;
                }
                var policy = MAPPER.readTree(result);
                var effect = policy.path("policyDocument").path("Statement").path(0).path("Effect").asText("Deny");
                if (!"Allow".equalsIgnoreCase(effect)) {
                    Response.writeError(request, response, callback, 403, "Forbidden");
                    return null;
                }
                policy.path("context").fields().forEachRemaining(field -> authorizerContext.put(field.getKey(), field.getValue().asText()));
                authorizerContext.put("principalId", policy.path("principalId").asText());
            }
            var connect = model.routes().get("$connect");
            if (connect != null) {
                var event = webSocketEvent(model, "$connect", "CONNECT", connectionId, connectedAt, authorizerContext, sourceIp, userAgent,
                        null);
                event.set("headers", MAPPER.valueToTree(headers));
                event.set("queryStringParameters", MAPPER.valueToTree(queryParameters));
                var status = statusOf(connect, event);
                if (status < 200 || status > 299) {
                    Response.writeError(request, response, callback, status >= 400 ? status : 500);
                    return null;
                }
            }
        } catch (IOException e) {
            Response.writeError(request, response, callback, 500);
            return null;
        }
        return new Connection(this, model, connectionId, connectedAt, authorizerContext, sourceIp, userAgent);
    }

    private int statusOf(ApiModel.Route route, ObjectNode event) throws IOException {
        try {
            var result = MAPPER.readTree(route.function().invoke(MAPPER.writeValueAsString(event)));
            return result.path("statusCode").asInt(200);
        } catch (InvocationException e) {
            LOG.warn("{} failed: {}", route.routeKey(), e.getMessage());
            return 500;
        }
    }

    private static String newConnectionId() {
        var bytes = UUID.randomUUID().toString().replace("-", "");
        return java.util.Base64.getEncoder().withoutPadding().encodeToString(bytes.substring(0, 12).getBytes(StandardCharsets.UTF_8))
                .replace('/', 'A').replace('+', 'B') + "=";
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

    /** HTTP on the same port: {@code @connections}, the token issuer, the chat page. */
    private boolean http(Request request, Response response, Callback callback) {
        var path = request.getHttpURI().getPath();
        var model = api;
        try {
            if (model != null && path.startsWith("/" + model.stageName() + "/@connections/")) {
                return management(request, response, callback, path.substring(("/" + model.stageName() + "/@connections/").length()));
            }
            var issuer = tokens;
            if (issuer != null && path.equals("/.well-known/jwks.json")) {
                return send(response, callback, 200, "application/json", issuer.jwks());
            }
            if (issuer != null && path.equals("/dev/token")) {
                var user = Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue("user");
                if (!TokenIssuer.isUserName(user)) {
                    return send(response, callback, 400, "application/json",
                            "{\"message\":\"give ?user= with 1 to 64 of A-Z a-z 0-9 . _ @ + -\"}");
                }
                var body = MAPPER.createObjectNode().put("token", issuer.token(user, TokenIssuer.LIFETIME)).put("userId", user)
                        .put("expiresAt", Instant.now().plus(TokenIssuer.LIFETIME).toEpochMilli());
                return send(response, callback, 200, "application/json", MAPPER.writeValueAsString(body));
            }
            if (path.equals("/dev/config") && model != null) {
                var body = MAPPER.createObjectNode().put("websocketUrl", "ws://127.0.0.1:" + port() + "/" + model.stageName())
                        .put("tokenUrl", baseUrl() + "/dev/token");
                return send(response, callback, 200, "application/json", MAPPER.writeValueAsString(body));
            }
            var requestCounts = counts;
            if (requestCounts != null && path.startsWith("/dev/counters")) {
                return counters(request, response, callback, requestCounts, path);
            }
            var injected = faults;
            if (injected != null && path.equals("/dev/faults") && request.getMethod().equals("GET")) {
                var body = MAPPER.createObjectNode().put("spec", injected.spec().describe());
                body.set("injected", MAPPER.valueToTree(injected.injected()));
                return send(response, callback, 200, "application/json", MAPPER.writeValueAsString(body));
            }
            if (path.equals("/") || path.equals("/index.html")) {
                return send(response, callback, 200, "text/html; charset=utf-8", page());
            }
            return send(response, callback, 404, "application/json", "{\"message\":\"Not Found\"}");
        } catch (IOException e) {
            Response.writeError(request, response, callback, 500);
            return true;
        }
    }

    private boolean counters(Request request, Response response, Callback callback, RequestCounts requestCounts, String path)
            throws IOException {
        if (path.equals("/dev/counters/reset") && request.getMethod().equals("POST")) {
            requestCounts.reset();
            return send(response, callback, 200, "application/json", "{}");
        }
        if (path.equals("/dev/counters") && request.getMethod().equals("GET")) {
            var body = MAPPER.createObjectNode().put("openConnections", connections.size());
            body.set("counters", MAPPER.valueToTree(requestCounts.snapshot()));
            return send(response, callback, 200, "application/json", MAPPER.writeValueAsString(body));
        }
        return send(response, callback, 404, "application/json", "{\"message\":\"GET /dev/counters or POST /dev/counters/reset\"}");
    }

    private boolean management(Request request, Response response, Callback callback, String encodedId) throws IOException {
        var authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/")) {
            return error(response, callback, 403, "ForbiddenException", "Forbidden");
        }
        var connectionId = java.net.URLDecoder.decode(encodedId, StandardCharsets.UTF_8);
        var connection = connections.get(connectionId);
        if (connection == null) {
            if (request.getMethod().equals("POST")) {
                count("apigateway.postsGone");
            }
            return error(response, callback, 410, "GoneException", "Gone");
        }
        switch (request.getMethod()) {
            case "POST" -> {
                var data = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (data.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
                    return error(response, callback, 413, "PayloadTooLargeException", "Request entity too large");
                }
                if (inject(Faults.Point.CONNECTIONS_GONE)) {
                    // The connection dropped just now: the post finds it gone and the client sees it closed.
                    connections.remove(connectionId);
                    connection.close(1001, "Going away");
                    count("apigateway.postsGone");
                    return error(response, callback, 410, "GoneException", "Gone");
                }
                if (inject(Faults.Point.CONNECTIONS_THROTTLE)) {
                    return error(response, callback, 429, "LimitExceededException", "Rate exceeded");
                }
                if (inject(Faults.Point.CONNECTIONS_5XX)) {
                    return error(response, callback, 500, "InternalServerErrorException", "Internal server error");
                }
                connection.send(data);
                count("apigateway.posts");
                return send(response, callback, 200, "application/json", "{}");
            }
            case "GET" -> {
                var body = MAPPER.createObjectNode().put("connectedAt", Instant.ofEpochMilli(connection.connectedAt()).toString())
                        .put("lastActiveAt", Instant.ofEpochMilli(connection.lastActiveAt()).toString());
                body.putObject("identity").put("sourceIp", connection.sourceIp()).put("userAgent", connection.userAgent());
                return send(response, callback, 200, "application/json", MAPPER.writeValueAsString(body));
            }
            case "DELETE" -> {
                connection.close(1000, "");
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
            default -> {
                return error(response, callback, 405, "MethodNotAllowed", "Method Not Allowed");
            }
        }
    }

    private static boolean error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        return send(response, callback, status, "application/json", "{\"message\":\"" + message + "\"}");
    }

    private static boolean send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    private static String page() throws IOException {
        try (InputStream in = Gateway.class.getResourceAsStream("/web/index.html")) {
            if (in == null) {
                return "<!doctype html><title>Parley Local</title><p>The chat page is missing from this build.";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
