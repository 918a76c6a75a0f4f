package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./parley bench hot-channel}: N users race {@code sendMessage} on one channel, each sending its next message
 * as soon as the previous one is acknowledged; some sends are sent again with the same {@code clientMsgId}, after
 * the ack or while the first is still in flight, and must get the same seq. Afterwards the whole history is read and
 * checked: seqs 1..lastSeq with no hole (a seq may be an explicit skipped entry), every {@code clientMsgId} stored
 * once under the seq its ack named, and every member received every stored seq.
 */
final class HotChannelRun {

    private static final int MAX_INITIAL_MEMBERS = 98;
    private static final int HISTORY_PAGE = 100;
    /** The server fills a hole as skipped once it is older than 15 s. */
    private static final int HOLE_GRACE_SECONDS = 16;

    private final Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Samples ack = new Samples();
    private final AtomicInteger resends = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAck = new AtomicLong();
    private volatile String channelId;

    private HotChannelRun() {
    }

    static Bench.Run prepare(Args args) {
        var userCount = args.integer("--users", 20);
        var messages = args.integer("--messages", 20);
        var resendFraction = args.decimal("--resend", 0.1);
        if (userCount < 2 || messages < 1 || resendFraction < 0 || resendFraction > 1) {
            throw new IllegalArgumentException("hot-channel needs at least 2 users, 1 message and --resend between 0 and 1");
        }
        return (target, users, out) -> new HotChannelRun().measure(target, users, out, userCount, messages, resendFraction);
    }

    private void received(ChatClient client, JsonNode frame, long nanos) {
        if ("message".equals(frame.path("type").asText()) && frame.path("channelId").asText().equals(channelId)) {
            seen.computeIfAbsent(client.userId(), user -> ConcurrentHashMap.newKeySet()).add(frame.path("seq").asLong());
        }
    }

    private void measure(Target target, Users users, PrintStream out, int userCount, int messages, double resendFraction)
            throws Exception {
        var userIds = new ArrayList<String>();
        for (int i = 0; i < userCount; i++) {
            userIds.add(users.id("hot", i));
        }
        var clients = users.connectAll(userIds, 16, this::received);
        var owner = clients.getFirst();
        var initial = userIds.subList(1, Math.min(userCount, 1 + MAX_INITIAL_MEMBERS));
        channelId = Users.createChannel(owner, "hot " + users.run(), initial);
        var id = channelId;
        Users.inParallel(clients.subList(1 + initial.size(), clients.size()).stream().<Callable<Void>>map(client -> () -> {
            Users.join(client, id);
            return null;
        }).toList(), 16);
        Users.awaitQuiet(1000, 300);

        var cpu = new Cpu(target);
        var start = new CountDownLatch(1);
        var inFlightNext = new AtomicInteger();
        var senders = new ArrayList<Future<Void>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var client : clients) {
                senders.add(executor.submit(() -> {
                    start.await();
                    for (int m = 0; m < messages; m++) {
                        var resend = ThreadLocalRandom.current().nextDouble() < resendFraction;
                        sendOne(client, client.userId() + "-" + m, resend, resend && inFlightNext.getAndIncrement() % 2 == 1);
                    }
                    return null;
                }));
            }
            start.countDown();
        }
        for (var sender : senders) {
            sender.get();
        }
        var seconds = (lastAck.get() - firstSend.get()) / 1e9;
        var stored = Set.copyOf(acked.values());
        var waited = awaitDeliveries(clients, stored);
        out.printf(Locale.ROOT, "  %d users sent %d messages (%d frames with resends and retries, %d rate-limit waits) in %.1f s;"
                + " ack (first send → ack) %s%n", userCount, acked.size(), attempts.get(), rateLimited.get(), seconds, ack.detail());
        out.println("  " + cpu.since());
        out.printf(Locale.ROOT, "  deliveries checked %.1f s after the last ack%n", waited);

        var history = history(owner);
        var lastSeq = lastSeq(owner);
        var end = history.isEmpty() ? 0 : history.getLast().path("seq").asLong();
        if (!holes(history).isEmpty() || end < lastSeq) {
            out.println("  the history has holes " + holes(history) + " and ends at " + end + " of " + lastSeq + "; reading it again in "
                    + HOLE_GRACE_SECONDS + " s, when a seq whose send died is filled as skipped");
            Thread.sleep(HOLE_GRACE_SECONDS * 1000L);
            history = history(owner);
        }
        var checks = check(history, lastSeq, clients, out);
        for (var client : clients) {
            client.close();
        }
        problems.stream().limit(20).forEach(problem -> out.println("  problem: " + problem));
        users.printRetries(out);
        out.printf(Locale.ROOT, "hot-channel: %d users × %d messages: %d stored in %.1f s = %.1f msg/s; ack %s; %s; %d resends %s%n",
                userCount, messages, acked.size(), seconds, acked.size() / seconds, ack.p50p99(), checks, resends.get(),
                problems.stream().anyMatch(p -> p.startsWith("resend")) ? "NOT ALL got their seq back" : "all got their seq back");
    }

    /** One message; a resend goes out again after the ack, or, {@code inFlight}, twice at once from the start. */
    private void sendOne(ChatClient client, String clientMsgId, boolean resend, boolean inFlight) throws Exception {
        var frame = Users.send(channelId, clientMsgId, "hot message " + clientMsgId);
        List<Sends.Sent> results;
        if (inFlight) {
            results = Users.inParallel(List.<Callable<Sends.Sent>>of(() -> Sends.send(client, frame), () -> Sends.send(client, frame)), 2);
        } else {
            results = new ArrayList<>(List.of(Sends.send(client, frame)));
            if (resend && results.getFirst().acked()) {
                results.add(Sends.send(client, frame));
            }
        }
        var first = results.getFirst();
        for (var sent : results) {
            attempts.addAndGet(sent.attempts());
            rateLimited.addAndGet(sent.rateLimited());
        }
        firstSend.accumulateAndGet(first.firstNanos(), Math::min);
        if (!first.acked()) {
            problems.add("send " + clientMsgId + " failed: " + first.response());
            return;
        }
        lastAck.accumulateAndGet(first.doneNanos(), Math::max);
        ack.add(first.doneNanos() - first.firstNanos());
        acked.put(clientMsgId, first.seq());
        if (results.size() > 1) {
            resends.incrementAndGet();
            var again = results.get(1);
            if (!again.acked() || again.seq() != first.seq()) {
                problems.add("resend of " + clientMsgId + (inFlight ? " (in flight)" : " (after the ack)") + " got " + again.response()
                        + ", the first send got seq " + first.seq());
            }
        }
    }

    private double awaitDeliveries(List<ChatClient> clients, Set<Long> stored) throws InterruptedException {
        var started = System.nanoTime();
        var quietSince = started;
        var missing = Long.MAX_VALUE;
        while (missing > 0 && System.nanoTime() - quietSince < 20_000_000_000L) {
            var now = clients.stream().mapToLong(client -> stored.stream()
                    .filter(seq -> !seen.getOrDefault(client.userId(), Set.of()).contains(seq)).count()).sum();
            if (now < missing) {
                missing = now;
                quietSince = System.nanoTime();
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The whole history, oldest first, in {@code afterSeq} pages from the start. */
    private List<JsonNode> history(ChatClient reader) {
        var entries = new ArrayList<JsonNode>();
        long after = 0;
        while (true) {
            var page = historyPage(reader, Json.object().put("afterSeq", after).put("limit", HISTORY_PAGE));
            if (page == null) {
                return entries;
            }
            page.path("messages").forEach(entries::add);
            if (!page.path("hasMore").asBoolean(false) || page.path("messages").isEmpty()) {
                return entries;
            }
            after = page.path("messages").get(page.path("messages").size() - 1).path("seq").asLong();
        }
    }

    private JsonNode historyPage(ChatClient reader, ObjectNode paging) {
        var page = reader.call(paging.put("action", "getHistory").put("channelId", channelId));
        if (!"history".equals(page.path("type").asText())) {
            problems.add("getHistory " + paging + " failed: " + page);
            return null;
        }
        return page;
    }

    /** Seqs missing from 1 to the highest seq of the history. */
    private static List<Long> holes(List<JsonNode> history) {
        var seqs = new TreeSet<Long>();
        history.forEach(entry -> seqs.add(entry.path("seq").asLong()));
        var holes = new ArrayList<Long>();
        for (long seq = 1; !seqs.isEmpty() && seq <= seqs.last(); seq++) {
            if (!seqs.contains(seq)) {
                holes.add(seq);
            }
        }
        return holes;
    }

    private long lastSeq(ChatClient reader) {
        String cursor = null;
        do {
            var action = Json.object().put("action", "listChannels");
            if (cursor != null) {
                action.put("cursor", cursor);
            }
            var page = reader.call(action);
            for (var channel : page.path("channels")) {
                if (channel.path("channelId").asText().equals(channelId)) {
                    return channel.path("lastSeq").asLong();
                }
            }
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        problems.add("listChannels does not list the channel");
        return -1;
    }

    /** Checks the history against the acks and the deliveries; prints the details and returns the verdict for the summary. */
    private String check(List<JsonNode> history, long lastSeq, List<ChatClient> clients, PrintStream out) {
        var seqs = new TreeSet<Long>();
        var skipped = new ArrayList<Long>();
        var storedAt = new HashMap<String, List<Long>>();
        var duplicateSeqs = 0;
        for (var entry : history) {
            var seq = entry.path("seq").asLong();
            if (!seqs.add(seq)) {
                duplicateSeqs++;
            }
            if (entry.path("skipped").asBoolean(false)) {
                skipped.add(seq);
            } else {
                storedAt.computeIfAbsent(entry.path("clientMsgId").asText(), key -> new ArrayList<>()).add(seq);
            }
        }
        var maxSeq = seqs.isEmpty() ? 0 : seqs.last();
        var holes = holes(history);
        if (lastSeq != maxSeq) {
            problems.add("the channel's lastSeq is " + lastSeq + " but the history ends at " + maxSeq);
        }
        if (!holes.isEmpty() || duplicateSeqs > 0) {
            problems.add("history has " + holes.size() + " holes " + holes.stream().limit(10).toList() + " and " + duplicateSeqs
                    + " repeated seqs");
        }
        var storedTwice = storedAt.entrySet().stream().filter(entry -> entry.getValue().size() > 1).map(Map.Entry::getKey).toList();
        if (!storedTwice.isEmpty()) {
            problems.add(storedTwice.size() + " clientMsgIds stored more than once, e.g. " + storedTwice.getFirst() + " at "
                    + storedAt.get(storedTwice.getFirst()));
        }
        acked.forEach((clientMsgId, seq) -> {
            var at = storedAt.get(clientMsgId);
            if (at == null || !at.contains(seq)) {
                problems.add("acked " + clientMsgId + " as seq " + seq + " but the history has it at " + at);
            }
        });
        var storedSeqs = new TreeSet<Long>();
        storedAt.values().forEach(storedSeqs::addAll);
        var incomplete = clients.stream().filter(client -> !seen.getOrDefault(client.userId(), Set.of()).containsAll(storedSeqs)).count();
        if (incomplete > 0) {
            problems.add(incomplete + " of " + clients.size() + " members did not receive every stored seq");
        }
        out.println("  history: " + history.size() + " entries, seqs 1.." + maxSeq + ", channel lastSeq " + lastSeq + ", "
                + skipped.size() + " skipped" + (skipped.isEmpty() ? "" : " " + skipped));
        var contiguous = holes.isEmpty() && duplicateSeqs == 0 && lastSeq == maxSeq ? "contiguous" : "NOT contiguous";
        return "seqs 1.." + maxSeq + " " + contiguous + " (" + skipped.size() + " skipped)"
                + (storedTwice.isEmpty() ? ", every clientMsgId stored once" : ", SOME clientMsgIds stored twice")
                + (incomplete == 0 ? ", every member got every seq" : ", " + incomplete + " members MISSED seqs");
    }
}
