package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user's WebSocket connection: actions are matched to their responses by {@code requestId}; every other frame
 * (events) goes to the {@link Events} sink with the time it arrived, taken before it is parsed.
 */
final class ChatClient implements WebSocket.Listener {

    /** Where events go; called on the HTTP client's threads, so it must be quick and thread-safe. */
    interface Events {
        void received(ChatClient client, JsonNode frame, long receivedNanos);
    }

    /** Every frame any client received: the count and when the last one came, to see when traffic has settled. */
    static final AtomicLong FRAMES = new AtomicLong();
    static final AtomicLong LAST_FRAME_NANOS = new AtomicLong(System.nanoTime());

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private final String userId;
    private final Events events;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object sending = new Object();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private ChatClient(String userId, Events events) {
        this.userId = userId;
        this.events = events;
    }

    /** Opens the connection; the future completes when the handshake (authorizer and {@code $connect}) has succeeded. */
    static CompletableFuture<ChatClient> connect(HttpClient http, URI websocketUrl, String userId, String token, Events events) {
        var client = new ChatClient(userId, events);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(websocketUrl + "?token=" + token), client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    String userId() {
        return userId;
    }

    /** Sends an action with a fresh {@code requestId}; the future completes with its response (which may be an error frame). */
    CompletableFuture<JsonNode> request(ObjectNode action) {
        var requestId = "r" + REQUEST_IDS.incrementAndGet();
        var response = new CompletableFuture<JsonNode>();
        pending.put(requestId, response);
        var text = Json.write(action.put("requestId", requestId));
        try {
            synchronized (sending) {
                socket.sendText(text, true).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(requestId);
            response.completeExceptionally(e);
        } catch (ExecutionException | TimeoutException e) {
            pending.remove(requestId);
            response.completeExceptionally(e);
        }
        return response.orTimeout(30, TimeUnit.SECONDS).whenComplete((frame, failure) -> pending.remove(requestId));
    }

    /** Sends an action; its future fails when no response came within {@code timeout}, or the connection closed. */
    CompletableFuture<JsonNode> request(ObjectNode action, Duration timeout) {
        var requestId = "r" + REQUEST_IDS.incrementAndGet();
        var response = new CompletableFuture<JsonNode>();
        pending.put(requestId, response);
        if (closed.isDone()) {
            response.completeExceptionally(new IllegalStateException("connection closed"));
        }
        var text = Json.write(action.put("requestId", requestId));
        try {
            synchronized (sending) {
                socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.completeExceptionally(e);
        } catch (ExecutionException | TimeoutException e) {
            response.completeExceptionally(e);
        }
        return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((frame, failure) -> pending.remove(requestId));
    }

    /**
     * Fails every request still waiting: API Gateway answers a failed integration with a frame that carries its own
     * request id, not the client's, so a client with one request in flight knows it is that one.
     */
    void failPending(String why) {
        pending.values().forEach(waiting -> waiting.completeExceptionally(new IllegalStateException(why)));
    }

    /** Completes with the close status when the connection closes (-1 when it broke). */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Sends an action and waits for its response. */
    JsonNode call(ObjectNode action) {
        return request(action).join();
    }

    /** Drops the connection without a closing handshake, as a client does that has given up on it. */
    void abort() {
        var open = socket;
        if (open != null) {
            open.abort();
        }
        closed.complete(-1);
        failPending("connection abandoned");
    }

    void close() {
        var open = socket;
        if (open != null && !open.isOutputClosed()) {
            synchronized (sending) {
                open.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        failPending("connection closed (" + statusCode + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        failPending("connection failed: " + error);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        try {
            partial.append(data);
            if (last) {
                var received = System.nanoTime();
                FRAMES.incrementAndGet();
                LAST_FRAME_NANOS.accumulateAndGet(received, Math::max);
                var frame = Json.parseTrusted(partial.toString());
                partial.setLength(0);
                var requestId = frame.path("requestId").asText(null);
                var waiting = requestId == null ? null : pending.remove(requestId);
                if (waiting != null) {
                    waiting.complete(frame);
                } else if (events != null) {
                    events.received(this, frame, received);
                }
            }
        } finally {
            // Whatever a frame did to the listener, the connection keeps reading: a client that stops asking for
            // frames looks, from the server, like one that stopped answering.
            webSocket.request(1);
        }
        return null;
    }
}
