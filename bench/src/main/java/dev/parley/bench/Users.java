package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Users of a run: development tokens, connections opened in parallel, and the frames every command sends. */
final class Users {

    private final HttpClient http;
    private final Target target;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicInteger handshakeRetries = new AtomicInteger();

    Users(HttpClient http, Target target) {
        this.http = http;
        this.target = target;
    }

    /** A user id unique to this run: {@code <prefix>-<run>-<n>}. */
    String id(String prefix, int n) {
        return prefix + "-" + run + "-" + n;
    }

    String run() {
        return run;
    }

    String token(String userId) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(target.tokenUrl() + "?user="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for " + userId + ": " + response.statusCode() + " " + response.body());
        }
        return Json.parseTrusted(response.body()).get("token").asText();
    }

    /**
     * Connects one user. A refused or failed handshake (a cold function can time out under load) is tried again, up
     * to three times, as a client would; {@link #printRetries} tells how many were.
     */
    ChatClient connect(String userId, ChatClient.Events events) throws Exception {
        var token = token(userId);
        for (int attempt = 1; ; attempt++) {
            try {
                return open(userId, token, events).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                handshakeRetries.incrementAndGet();
                Thread.sleep(1000L * attempt);
            }
        }
    }

    /** A detail line, if handshakes failed and were tried again. */
    void printRetries(PrintStream out) {
        if (handshakeRetries.get() > 0) {
            out.println("  " + handshakeRetries.get() + " handshakes failed during setup and were tried again");
        }
    }

    /** Starts a handshake with a token fetched before, so that only the handshake is timed. */
    CompletableFuture<ChatClient> open(String userId, String token, ChatClient.Events events) {
        return ChatClient.connect(http, target.websocketUrl(), userId, token, events);
    }

    /**
     * Connects every user, the first alone (so that the authorizer and {@code $connect} are warm), then at most
     * {@code parallel} handshakes at a time; fails if one cannot connect.
     */
    List<ChatClient> connectAll(List<String> userIds, int parallel, ChatClient.Events events) throws Exception {
        var clients = new ArrayList<ChatClient>();
        clients.add(connect(userIds.getFirst(), events));
        clients.addAll(inParallel(userIds.subList(1, userIds.size()).stream()
                .<Callable<ChatClient>>map(userId -> () -> connect(userId, events)).toList(), parallel));
        return clients;
    }

    /** Runs the tasks on virtual threads, at most {@code parallel} at a time, and returns their results in order. */
    static <T> List<T> inParallel(List<Callable<T>> tasks, int parallel) throws Exception {
        var permits = new Semaphore(parallel);
        var futures = new ArrayList<Future<T>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var task : tasks) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return task.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            var results = new ArrayList<T>();
            for (var future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
    }

    /** Creates a group channel owned by {@code owner} with up to 98 other members; returns its id. */
    static String createChannel(ChatClient owner, String name, List<String> members) {
        var action = Json.object().put("action", "createChannel").put("name", name).put("kind", "group");
        var array = action.putArray("members");
        members.forEach(array::add);
        var response = owner.call(action);
        if (!"channel".equals(response.path("type").asText())) {
            throw new IllegalStateException("createChannel failed: " + response);
        }
        return response.path("channel").path("channelId").asText();
    }

    static void join(ChatClient client, String channelId) {
        var response = client.call(Json.object().put("action", "joinChannel").put("channelId", channelId));
        if (!"channel".equals(response.path("type").asText())) {
            throw new IllegalStateException("joinChannel failed for " + client.userId() + ": " + response);
        }
    }

    static ObjectNode send(String channelId, String clientMsgId, String text) {
        return Json.object().put("action", "sendMessage").put("channelId", channelId).put("clientMsgId", clientMsgId).put("text", text);
    }

    /** Waits until no frame has arrived for {@code quietMillis}, at most {@code maxSeconds}; returns the seconds waited. */
    static double awaitQuiet(long quietMillis, long maxSeconds) throws InterruptedException {
        var started = System.nanoTime();
        var deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() - ChatClient.LAST_FRAME_NANOS.get() < TimeUnit.MILLISECONDS.toNanos(quietMillis)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
