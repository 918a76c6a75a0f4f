package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./parley bench latency}: two users in one channel send to each other one message at a time, each send
 * waiting for its ack and for the other member's {@code message} event before the next, so every figure is an
 * unloaded latency. Then fresh connections (handshake with authorizer and {@code $connect}), a join on each, and
 * {@code ping} round trips.
 */
final class LatencyRun {

    private static final long DELIVERY_TIMEOUT_SECONDS = 15;
    private static final int WARM_UP_PINGS = 3;

    private final Map<String, CompletableFuture<Long>> deliveries = new ConcurrentHashMap<>();

    private LatencyRun() {
    }

    static Bench.Run prepare(Args args) {
        var messages = args.integer("--messages", 200);
        var warmUp = args.integer("--warm-up", 20);
        var connects = args.integer("--connects", 50);
        var pings = args.integer("--pings", 50);
        return (target, users, out) -> new LatencyRun().measure(users, out, messages, warmUp, connects, pings);
    }

    private void received(ChatClient client, JsonNode frame, long nanos) {
        if ("message".equals(frame.path("type").asText()) && !client.userId().equals(frame.path("senderId").asText())) {
            var waiting = deliveries.get(frame.path("clientMsgId").asText());
            if (waiting != null) {
                waiting.complete(nanos);
            }
        }
    }

    private void measure(Users users, PrintStream out, int messages, int warmUp, int connects, int pings)
            throws Exception {
        var alice = users.connect(users.id("latency", 0), this::received);
        var bob = users.connect(users.id("latency", 1), this::received);
        var channelId = Users.createChannel(alice, "latency " + users.run(), List.of(bob.userId()));
        Users.awaitQuiet(500, 10);

        var ack = new Samples();
        var delivery = new Samples();
        var failures = new int[4];
        for (int i = 0; i < warmUp; i++) {
            sendOne(i % 2 == 0 ? alice : bob, channelId, "warm-" + i, null, null, failures);
        }
        var warmUpProblems = failures[0] + failures[1] + failures[2];
        failures = new int[4];
        for (int i = 0; i < messages; i++) {
            sendOne(i % 2 == 0 ? alice : bob, channelId, "m-" + i, ack, delivery, failures);
        }

        for (int i = 0; i < WARM_UP_PINGS; i++) {
            alice.call(Json.object().put("action", "ping"));
        }
        var ping = new Samples();
        for (int i = 0; i < pings; i++) {
            var started = System.nanoTime();
            var pong = alice.call(Json.object().put("action", "ping"));
            if ("pong".equals(pong.path("type").asText())) {
                ping.add(System.nanoTime() - started);
            }
        }

        var connect = new Samples();
        var join = new Samples();
        var failedConnects = 0;
        for (int i = 0; i < connects; i++) {
            var userId = users.id("latency-fresh", i);
            var token = users.token(userId);
            var started = System.nanoTime();
            ChatClient fresh;
            try {
                fresh = users.open(userId, token, null).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failedConnects++;
                continue;
            }
            connect.add(System.nanoTime() - started);
            started = System.nanoTime();
            var joined = fresh.call(Json.object().put("action", "joinChannel").put("channelId", channelId));
            if ("channel".equals(joined.path("type").asText())) {
                join.add(System.nanoTime() - started);
            }
            fresh.close();
        }
        alice.close();
        bob.close();

        out.printf("  %-44s %s%n", "ack (send → ack):", ack.detail());
        out.printf("  %-44s %s%n", "delivery (send → the other member's event):", delivery.detail());
        out.printf("  %-44s %s%n", "connect (handshake, authorizer, $connect):", connect.detail());
        out.printf("  %-44s %s%n", "join (joinChannel → response):", join.detail());
        out.printf("  %-44s %s%n", "ping (ping → pong):", ping.detail());
        out.println("  warm-up, untimed: " + warmUp + " sends" + (warmUpProblems > 0 ? " (" + warmUpProblems + " had problems)" : "")
                + " and " + WARM_UP_PINGS + " pings; connections and joins are timed after the sends");
        if (failedConnects > 0) {
            out.println("  left out of the figures: " + failedConnects + " handshakes that failed");
        }
        if (failures[0] + failures[1] + failures[2] > 0) {
            out.println("  left out of the figures: " + failures[0] + " sends that failed, " + failures[1] + " acknowledged only after"
                    + " a retry, " + failures[2] + " not delivered within " + DELIVERY_TIMEOUT_SECONDS + " s");
        }
        if (failures[3] > 0) {
            out.println("  " + failures[3] + " sends waited for the per-user rate limit; each is timed from the attempt that was accepted");
        }
        users.printRetries(out);
        out.println("latency: ack " + ack.p50p99() + "; delivery " + delivery.p50p99() + "; connect p50 " + Samples.ms(connect.millis(0.5))
                + "; join p50 " + Samples.ms(join.millis(0.5)) + "; ping p50 " + Samples.ms(ping.millis(0.5)) + " (" + ack.count()
                + " of " + messages + " messages after " + warmUp + " warm-up sends, " + connect.count() + " connections, "
                + join.count() + " joins, " + ping.count() + " pings)");
    }

    /**
     * Sends one message and waits for its ack and its delivery to the other member. {@code failures}: [0] not acked,
     * [1] acked only after a retry, [2] not delivered in time, [3] waited for the rate limit.
     */
    private void sendOne(ChatClient sender, String channelId, String clientMsgId, Samples ack, Samples delivery, int[] failures)
            throws Exception {
        var delivered = new CompletableFuture<Long>();
        deliveries.put(clientMsgId, delivered);
        try {
            var sent = Sends.send(sender, Users.send(channelId, clientMsgId, "latency " + clientMsgId));
            if (!sent.acked()) {
                failures[0]++;
                return;
            }
            if (sent.rateLimited() > 0) {
                failures[3]++;
            }
            var cleanSend = sent.attempts() - sent.rateLimited() == 1;
            if (!cleanSend) {
                failures[1]++;
            }
            long arrived;
            try {
                arrived = delivered.get(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                failures[2]++;
                return;
            }
            if (cleanSend && ack != null) {
                ack.add(sent.doneNanos() - sent.lastNanos());
                delivery.add(arrived - sent.lastNanos());
            }
        } finally {
            deliveries.remove(clientMsgId);
        }
    }

}
