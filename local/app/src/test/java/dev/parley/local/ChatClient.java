package dev.parley.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of the wire protocol, as an app would use it. */
final class ChatClient implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper MAPPER = new ObjectMapper();

    final String userId;
    private final WebSocket socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private ChatClient(String userId, WebSocket socket, Listener listener) {
        this.userId = userId;
        this.socket = socket;
        listener.client = this;
    }

    static String token(Endpoints endpoints, String user) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.tokenUrl() + "?user=" + URLEncoder.encode(user,
                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body()).get("token").asText();
    }

    static ChatClient connect(Endpoints endpoints, String user) throws Exception {
        return connectWithToken(endpoints, user, token(endpoints, user));
    }

    static ChatClient connectWithToken(Endpoints endpoints, String user, String token) throws Exception {
        var listener = new Listener();
        var socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(endpoints.websocketUrl() + "?token=" + token), listener).get(30, TimeUnit.SECONDS);
        return new ChatClient(user, socket, listener);
    }

    /** Sends an action and waits for the frame that answers its request id. */
    JsonNode call(ObjectNode frame) throws Exception {
        var requestId = UUID.randomUUID().toString();
        frame.put("requestId", requestId);
        send(MAPPER.writeValueAsString(frame));
        return await(node -> requestId.equals(node.path("requestId").asText(null)), Duration.ofSeconds(30));
    }

    JsonNode call(String action, Object... fields) throws Exception {
        return call(frame(action, fields));
    }

    static ObjectNode frame(String action, Object... fields) {
        var frame = MAPPER.createObjectNode().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            frame.set((String) fields[i], MAPPER.valueToTree(fields[i + 1]));
        }
        return frame;
    }

    void send(String text) throws Exception {
        synchronized (socket) {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        }
    }

    void sendFragments(List<String> parts) throws Exception {
        synchronized (socket) {
            for (int i = 0; i < parts.size(); i++) {
                socket.sendText(parts.get(i), i == parts.size() - 1).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The first frame received so far or within {@code wait} that matches. */
    JsonNode await(Predicate<JsonNode> match, Duration wait) throws Exception {
        return awaitAfter(0, match, wait);
    }

    /** How many frames were received so far: a mark for {@link #awaitAfter}. */
    int mark() {
        return received.size();
    }

    /** The first frame received after {@code mark} frames that matches, waiting at most {@code wait}. */
    JsonNode awaitAfter(int mark, Predicate<JsonNode> match, Duration wait) throws Exception {
        var deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            var frames = List.copyOf(received);
            for (var frame : frames.subList(Math.min(mark, frames.size()), frames.size())) {
                if (match.test(frame)) {
                    return frame;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(userId + " received no matching frame in " + wait + "; got " + received);
    }

    JsonNode awaitEvent(String type, Predicate<JsonNode> match) throws Exception {
        return await(frame -> type.equals(frame.path("type").asText()) && match.test(frame), Duration.ofSeconds(20));
    }

    List<JsonNode> received(String type) {
        var frames = new ArrayList<JsonNode>();
        received.forEach(frame -> {
            if (type.equals(frame.path("type").asText())) {
                frames.add(frame);
            }
        });
        return frames;
    }

    boolean isOpen() {
        return !socket.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private ChatClient client;
        private final StringBuilder partial = new StringBuilder();
        private final List<JsonNode> early = new ArrayList<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    var frame = MAPPER.readTree(partial.toString());
                    if (client == null) {
                        early.add(frame);
                    } else {
                        client.received.addAll(early);
                        early.clear();
                        client.received.add(frame);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("server sent a frame that is not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (client != null) {
                client.closed.complete(statusCode);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (client != null) {
                client.closed.complete(-1);
            }
        }
    }
}
