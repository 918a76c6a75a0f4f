package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end load against a running Parley Local: users connect over WebSocket, share one channel, and send
 * concurrently. Reports ack latency (send to ack), delivery latency (send to the event at another member),
 * throughput, and checks that every member saw every seq exactly once after de-duplication.
 *
 * <p>{@code ./parley bench load --users 50 --messages 20}
 */
public final class LoadRun {

    private record Client(String userId, WebSocket socket, Map<String, CompletableFuture<JsonNode>> pending,
                          Map<Long, Long> seen) {
    }

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(".");
        int users = 50;
        int messages = 20;
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[i + 1]);
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var endpointsFile = root.resolve(".parley/local.json");
        if (!Files.exists(endpointsFile)) {
            throw new IllegalStateException("Parley Local is not running: start it with ./parley local (no " + endpointsFile + ")");
        }
        var endpoints = Json.parseTrusted(Files.readString(endpointsFile));
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var run = Long.toString(System.currentTimeMillis(), 36);
        var sentAt = new ConcurrentHashMap<String, Long>();
        var deliveries = Collections.synchronizedList(new ArrayList<Long>());
        var clients = new ArrayList<Client>();
        for (int u = 0; u < users; u++) {
            var userId = "load-" + run + "-" + u;
            var token = Json.parseTrusted(http.send(HttpRequest.newBuilder(URI.create(endpoints.get("tokenUrl").asText()
                    + "?user=" + URLEncoder.encode(userId, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
            var pending = new ConcurrentHashMap<String, CompletableFuture<JsonNode>>();
            var seen = new ConcurrentHashMap<Long, Long>();
            var socket = http.newWebSocketBuilder().buildAsync(URI.create(endpoints.get("websocketUrl").asText() + "?token=" + token),
                    new Listener(pending, seen, sentAt, deliveries, userId)).get(10, TimeUnit.SECONDS);
            clients.add(new Client(userId, socket, pending, seen));
        }
        var owner = clients.getFirst();
        var channel = call(owner, Json.object().put("action", "createChannel").put("name", "load " + run).put("kind", "group"));
        var channelId = channel.get("channel").get("channelId").asText();
        for (var client : clients.subList(1, clients.size())) {
            call(client, Json.object().put("action", "joinChannel").put("channelId", channelId));
        }
        var acks = Collections.synchronizedList(new ArrayList<Long>());
        var failures = new AtomicLong();
        var started = System.nanoTime();
        var done = new CountDownLatch(clients.size());
        final int perUser = messages;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var client : clients) {
                pool.submit(() -> {
                    try {
                        for (int m = 0; m < perUser; m++) {
                            var clientMsgId = client.userId() + "-" + m;
                            var t0 = System.nanoTime();
                            sentAt.put(clientMsgId, t0);
                            var ack = call(client, Json.object().put("action", "sendMessage").put("channelId", channelId)
                                    .put("clientMsgId", clientMsgId).put("text", "load message " + m));
                            if (!"ack".equals(ack.path("type").asText())) {
                                failures.incrementAndGet();
                            }
                            acks.add(System.nanoTime() - t0);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        var sendSeconds = (System.nanoTime() - started) / 1e9;
        long total = (long) users * messages;
        var deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && clients.stream().anyMatch(c -> c.seen().size() < total)) {
            Thread.sleep(100);
        }
        var complete = clients.stream().filter(c -> c.seen().size() == total).count();
        var gapFree = clients.stream().allMatch(c -> c.seen().keySet().stream().mapToLong(Long::longValue).max().orElse(0) == total);
        System.out.printf("users %d, messages %d, sent in %.1f s (%.0f msg/s), failures %d%n", users, total, sendSeconds,
                total / sendSeconds, failures.get());
        System.out.printf("ack latency ms:      %s%n", percentiles(acks));
        System.out.printf("delivery latency ms: %s (%d deliveries)%n", percentiles(deliveries), deliveries.size());
        System.out.printf("members with every message: %d of %d; seq gap-free: %s%n", complete, clients.size(), gapFree);
        for (var client : clients) {
            client.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static JsonNode call(Client client, com.fasterxml.jackson.databind.node.ObjectNode frame) throws Exception {
        var requestId = java.util.UUID.randomUUID().toString();
        var future = new CompletableFuture<JsonNode>();
        client.pending().put(requestId, future);
        synchronized (client.socket()) {
            client.socket().sendText(Json.write(frame.put("requestId", requestId)), true).get(10, TimeUnit.SECONDS);
        }
        return future.get(30, TimeUnit.SECONDS);
    }

    private static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("p50 %.1f, p95 %.1f, p99 %.1f, max %.1f", at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                sorted.getLast() / 1e6);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size()))) / 1e6;
    }

    private static final class Listener implements WebSocket.Listener {
        private final Map<String, CompletableFuture<JsonNode>> pending;
        private final Map<Long, Long> seen;
        private final Map<String, Long> sentAt;
        private final List<Long> deliveries;
        private final String userId;
        private final StringBuilder partial = new StringBuilder();

        Listener(Map<String, CompletableFuture<JsonNode>> pending, Map<Long, Long> seen, Map<String, Long> sentAt, List<Long> deliveries,
                 String userId) {
            this.pending = pending;
            this.seen = seen;
            this.sentAt = sentAt;
            this.deliveries = deliveries;
            this.userId = userId;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                var frame = Json.parseTrusted(partial.toString());
                partial.setLength(0);
                var requestId = frame.path("requestId").asText(null);
                if (requestId != null && pending.containsKey(requestId)) {
                    pending.remove(requestId).complete(frame);
                } else if ("message".equals(frame.path("type").asText())) {
                    var seq = frame.get("seq").asLong();
                    if (seen.putIfAbsent(seq, System.nanoTime()) == null && !frame.path("senderId").asText().equals(userId)) {
                        var sent = sentAt.get(frame.path("clientMsgId").asText());
                        if (sent != null) {
                            deliveries.add(System.nanoTime() - sent);
                        }
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
