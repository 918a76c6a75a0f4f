package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./parley bench fanout}: N connected users in one channel, one of them sends M messages one after the other
 * (each waits for its ack, none for deliveries); counts the deliveries to every member and how fast they arrived.
 */
final class FanoutRun {

    private static final int MAX_INITIAL_MEMBERS = 98;

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
    private final Samples delivery = new Samples();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastDelivery = new AtomicLong();
    private volatile String channelId;

    private FanoutRun() {
    }

    static Bench.Run prepare(Args args) {
        var connections = args.integer("--connections", 1000);
        var messages = args.integer("--messages", 20);
        var parallel = args.integer("--parallel", 32);
        if (connections < 2 || messages < 1) {
            throw new IllegalArgumentException("fanout needs at least 2 connections and 1 message");
        }
        return (target, users, out) -> new FanoutRun().measure(target, users, out, connections, messages, parallel);
    }

    private void received(ChatClient client, JsonNode frame, long nanos) {
        if (!"message".equals(frame.path("type").asText()) || !frame.path("channelId").asText().equals(channelId)) {
            return;
        }
        var sent = sentAt.get(frame.path("clientMsgId").asText());
        if (sent == null) {
            return;
        }
        if (seen.computeIfAbsent(client.userId(), user -> ConcurrentHashMap.newKeySet()).add(frame.path("seq").asLong())) {
            delivery.add(nanos - sent);
            delivered.incrementAndGet();
            lastDelivery.accumulateAndGet(nanos, Math::max);
        } else {
            duplicates.incrementAndGet();
        }
    }

    private void measure(Target target, Users users, PrintStream out, int connections, int messages, int parallel) throws Exception {
        var userIds = new ArrayList<String>();
        for (int i = 0; i < connections; i++) {
            userIds.add(users.id("fanout", i));
        }
        var started = System.nanoTime();
        var clients = users.connectAll(userIds, parallel, this::received);
        var seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "  connected %d users in %.1f s (%.0f handshakes/s)%n", connections, seconds, connections / seconds);

        var owner = clients.getFirst();
        var initial = userIds.subList(1, Math.min(connections, 1 + MAX_INITIAL_MEMBERS));
        started = System.nanoTime();
        var id = Users.createChannel(owner, "fanout " + users.run(), initial);
        var joiners = clients.subList(1 + initial.size(), clients.size());
        Users.inParallel(joiners.stream().<Callable<Void>>map(client -> () -> {
            Users.join(client, id);
            return null;
        }).toList(), parallel);
        var joined = (System.nanoTime() - started) / 1e9;
        var framesBefore = ChatClient.FRAMES.get();
        var drained = Users.awaitQuiet(1000, 1800);
        out.printf(Locale.ROOT, "  channel of %d members: created with %d, %d joined in %.1f s; membership events drained %.1f s later"
                        + " (%d frames)%n", connections, 1 + initial.size(), joiners.size(), joined, drained,
                ChatClient.FRAMES.get() - framesBefore);

        channelId = id;
        var cpu = new Cpu(target);
        var ack = new Samples();
        var firstSend = System.nanoTime();
        var failed = 0;
        var seqs = new HashSet<Long>();
        for (int m = 0; m < messages; m++) {
            var clientMsgId = "fanout-" + users.run() + "-" + m;
            sentAt.put(clientMsgId, System.nanoTime());
            var sent = Sends.send(owner, Users.send(id, clientMsgId, "fanout message " + m));
            if (sent.acked()) {
                ack.add(sent.doneNanos() - sent.firstNanos());
                seqs.add(sent.seq());
            } else {
                failed++;
            }
        }
        var sendSeconds = (System.nanoTime() - firstSend) / 1e9;
        var expected = (long) connections * seqs.size();
        var quietSince = System.nanoTime();
        var lastCount = -1L;
        while (delivered.get() < expected && System.nanoTime() - quietSince < 15_000_000_000L) {
            if (delivered.get() != lastCount) {
                lastCount = delivered.get();
                quietSince = System.nanoTime();
            }
            Thread.sleep(50);
        }
        var span = delivered.get() == 0 ? Double.NaN : (lastDelivery.get() - firstSend) / 1e9;
        var complete = clients.stream().filter(client -> seen.getOrDefault(client.userId(), Set.of()).containsAll(seqs)).count();
        var rate = delivered.get() / span;
        out.printf(Locale.ROOT, "  sent %d messages in %.1f s, ack %s%s%n", messages, sendSeconds, ack.detail(),
                failed > 0 ? "; " + failed + " not acknowledged" : "");
        out.println("  delivery (send → member): " + delivery.detail() + "; duplicates dropped: " + duplicates.get());
        out.println("  " + cpu.since());
        for (var client : clients) {
            client.close();
        }
        var verdict = complete == connections && failed == 0 ? "gap-free"
                : "INCOMPLETE, " + (expected - delivered.get()) + " deliveries missing";
        users.printRetries(out);
        out.printf(Locale.ROOT, "fanout: %d connections × %d messages: %d deliveries in %.1f s (first send → last delivery) = %.0f"
                        + " deliveries/s; delivery %s; %d of %d members got every seq, %s%n", connections, messages, delivered.get(), span,
                rate, delivery.p50p99(), complete, connections, verdict);
    }
}
