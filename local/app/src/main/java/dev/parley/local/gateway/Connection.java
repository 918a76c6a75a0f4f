package dev.parley.local.gateway;

import dev.parley.local.ApiModel;
import dev.parley.local.lambda.InvocationException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection: routes its frames to the integrations and carries what is posted to it. Public because Jetty calls it. */
public final class Connection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final ExecutorService ROUTES = Executors.newVirtualThreadPerTaskExecutor();

    private final Gateway gateway;
    private final ApiModel api;
    private final String connectionId;
    private final long connectedAt;
    private final Map<String, Object> authorizer;
    private final String sourceIp;
    private final String userAgent;
    private volatile Session session;
    private volatile long lastActiveAt;

    Connection(Gateway gateway, ApiModel api, String connectionId, long connectedAt, Map<String, Object> authorizer, String sourceIp,
               String userAgent) {
        this.gateway = gateway;
        this.api = api;
        this.connectionId = connectionId;
        this.connectedAt = connectedAt;
        this.authorizer = Map.copyOf(authorizer);
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.lastActiveAt = connectedAt;
    }

    String connectionId() {
        return connectionId;
    }

    long connectedAt() {
        return connectedAt;
    }

    long lastActiveAt() {
        return lastActiveAt;
    }

    String sourceIp() {
        return sourceIp;
    }

    String userAgent() {
        return userAgent;
    }

    Session session() {
        return session;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        gateway.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        lastActiveAt = System.currentTimeMillis();
        ROUTES.submit(() -> route(message));
    }

    private void route(String message) {
        var frame = Gateway.parse(message);
        var action = frame != null && frame.isObject() && frame.path("action").isTextual() ? frame.get("action").asText() : null;
        var route = api.select(action);
        if (route == null) {
            send("{\"message\": \"Forbidden\", \"connectionId\":\"" + connectionId + "\"}");
            return;
        }
        var event = gateway.webSocketEvent(api, route.routeKey(), "MESSAGE", connectionId, connectedAt, authorizer, sourceIp, userAgent,
                message);
        try {
            var result = Gateway.parse(route.function().invoke(Gateway.write(event)));
            if (route.returnsResponse() && result != null && result.path("body").isTextual()) {
                send(result.get("body").asText());
            }
        } catch (InvocationException e) {
            LOG.warn("route {} failed: {}", route.routeKey(), e.getMessage());
            send("{\"message\": \"Internal server error\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                    + event.path("requestContext").path("requestId").asText() + "\"}");
        }
    }

    void send(String text) {
        var open = session;
        if (open != null && open.isOpen()) {
            open.sendText(text, Callback.NOOP);
        }
    }

    void close(int status, String reason) {
        var open = session;
        if (open != null && open.isOpen()) {
            open.close(status, reason, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        gateway.closed(this);
        var disconnect = api.routes().get("$disconnect");
        if (disconnect == null) {
            return;
        }
        var event = gateway.webSocketEvent(api, "$disconnect", "DISCONNECT", connectionId, connectedAt, authorizer, sourceIp, userAgent,
                null);
        event.with("requestContext").put("disconnectStatusCode", statusCode).put("disconnectReason", reason == null ? "" : reason);
        gateway.disconnecting(1);
        ROUTES.submit(() -> {
            try {
                disconnect.function().invoke(Gateway.write(event));
            } catch (InvocationException e) {
                LOG.warn("$disconnect failed: {}", e.getMessage());
            } finally {
                gateway.disconnecting(-1);
            }
        });
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection {} error: {}", connectionId, cause.toString());
    }
}
