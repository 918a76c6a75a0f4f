package dev.parley.local.gateway;

import dev.parley.local.ApiModel;
import dev.parley.local.faults.Faults;
import dev.parley.local.lambda.InvocationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection: routes its frames to the integrations and carries what is posted to it. Public because Jetty calls it. */
public final class Connection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final ExecutorService ROUTES = Executors.newVirtualThreadPerTaskExecutor();
    private static final Duration FRAGMENT_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final ApiModel api;
    private final String connectionId;
    private final long connectedAt;
    private final Map<String, Object> authorizer;
    private final String sourceIp;
    private final String userAgent;
    private final Callback failures = Callback.from(() -> { }, this::sendFailed);
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
        var requestId = event.path("requestContext").path("requestId").asText();
        try {
            var result = Gateway.parse(route.function().invoke(Gateway.write(event)));
            if (route.returnsResponse() && result != null && result.path("body").isTextual()) {
                var body = result.get("body").asText();
                if (!send(body)) {
                    LOG.warn("route {} answered {} bytes, more than the {} a message may have; the client is told it failed",
                            route.routeKey(), body.getBytes(StandardCharsets.UTF_8).length, gateway.limits().maxMessageBytes());
                    internalError(requestId);
                }
            }
        } catch (InvocationException e) {
            LOG.warn("route {} failed: {}", route.routeKey(), e.getMessage());
            internalError(requestId);
        }
    }

    void internalError(String requestId) {
        send("{\"message\": \"Internal server error\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\"" + requestId + "\"}");
    }

    /**
     * Sends one message as API Gateway does: in frames of at most the frame limit (a longer message is split into
     * continuation frames); a message above the message limit is not sent and {@code false} is returned.
     */
    synchronized boolean send(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > gateway.limits().maxMessageBytes()) {
            return false;
        }
        var open = session;
        if (open == null || !open.isOpen()) {
            return true;
        }
        var maxFrame = gateway.limits().maxFrameBytes();
        if (bytes.length <= maxFrame) {
            open.sendText(text, failures);
            return true;
        }
        // Sends are serialized (synchronized), so the frames of one message never interleave with another's.
        for (var fragments = fragments(text, maxFrame); fragments.hasNext(); ) {
            var fragment = fragments.next();
            var written = new Callback.Completable();
            open.sendPartialText(fragment, !fragments.hasNext(), written);
            try {
                written.get(FRAGMENT_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                sendFailed(e.getCause());
                return true;
            } catch (TimeoutException e) {
                // A client that does not read must not hold this connection's sends for ever: drop it, as a
                // gateway drops a connection whose writes stall.
                sendFailed(e);
                close(1011, "write stalled");
                return true;
            }
        }
        return true;
    }

    /** Pieces of {@code text} of at most {@code maxBytes} UTF-8 bytes each, never splitting a surrogate pair. */
    static java.util.Iterator<String> fragments(String text, int maxBytes) {
        var pieces = new java.util.ArrayList<String>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            var codePoint = text.codePointAt(i);
            var size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                pieces.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        pieces.add(text.substring(start));
        return pieces.iterator();
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
        if (disconnect == null || gateway.inject(Faults.Point.DISCONNECT_LOST)) {
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

    private void sendFailed(Throwable cause) {
        LOG.warn("connection {}: a message could not be sent: {}", connectionId, cause.toString());
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection {} error: {}", connectionId, cause.toString());
    }
}
