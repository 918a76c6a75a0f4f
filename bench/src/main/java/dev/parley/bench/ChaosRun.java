package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./parley bench chaos}: clients chat through a Parley Local that injects faults ({@code ./parley local
 * --faults}) and behave as a careful app does: a send without an ack is sent again with the same {@code clientMsgId},
 * a dropped connection is opened again, and the gaps in what a member received are filled with {@code getHistory}.
 * Then what DynamoDB holds is counted against what was acknowledged: every accepted message stored once, no
 * duplicate, every member has every message.
 */
public final class ChaosRun {

    /** What a run found; {@link #holds()} is the verdict. */
    public record Result(int messages, long accepted, long stored, long unique, long duplicates, long everyMemberHas,
                         long deadLettered, List<String> problems) {
        public boolean holds() {
            return stored == accepted && accepted == unique && duplicates == 0 && everyMemberHas == stored && accepted == messages
                    && problems.isEmpty();
        }
    }

    static final int CHANNEL_SIZE = 10;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ATTEMPTS = 200;
    private static final int UNANSWERED_BEFORE_RECONNECT = 3;
    private static final int HISTORY_PAGE = 100;
    /** The server fills a hole as skipped once it is older than 15 s. */
    private static final int HOLE_GRACE_SECONDS = 16;
    private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d+) s");
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("parleylocal", "parley-local-secret"));

    /** One user: their channel, their connection (replaced when it drops), and every seq they have of it. */
    private final class Member {
        final String userId;
        volatile String channelId;
        volatile ChatClient client;
        final Set<Long> have = ConcurrentHashMap.newKeySet();

        Member(String userId) {
            this.userId = userId;
        }
    }

    private final Users users;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger resends = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger gatewayErrors = new AtomicInteger();
    private final AtomicInteger historyFills = new AtomicInteger();

    private ChaosRun(Users users) {
        this.users = users;
    }

    /** The {@code --faults} spec of a run at {@code rate}: every fault at that rate, dropped connections ten times rarer. */
    public static String faultSpec(double rate, long seed) {
        return String.format(Locale.ROOT, "all=%s,connections.410=%s,disconnect.lost=%s,seed=%d", rate, rate / 10, rate / 10, seed);
    }

    static Bench.Run prepare(Args args) {
        var messages = args.integer("--messages", 10_000);
        var userCount = args.integer("--users", 50);
        if (messages < 1 || userCount < 2) {
            throw new IllegalArgumentException("chaos needs at least 1 message and 2 users");
        }
        return (target, users, out) -> {
            var result = run(target, users, out, messages, userCount);
            if (!result.holds()) {
                throw new IllegalStateException("the chaos invariants do not hold");
            }
        };
    }

    /** Runs the clients against {@code target}, prints the details and the summary line, and returns what it found. */
    public static Result run(Target target, Users users, PrintStream out, int messages, int userCount) throws Exception {
        return new ChaosRun(users).measure(target, out, messages, userCount);
    }

    private void received(ChatClient client, JsonNode frame, long nanos) {
        var member = members.get(client.userId());
        if (member == null) {
            return;
        }
        if ("message".equals(frame.path("type").asText()) && frame.path("channelId").asText().equals(member.channelId)) {
            member.have.add(frame.path("seq").asLong());
        } else if (!frame.has("type") && frame.path("message").asText().equals("Internal server error")) {
            gatewayErrors.incrementAndGet();
            client.failPending("the integration failed");
        }
    }

    private Result measure(Target target, PrintStream out, int messages, int userCount) throws Exception {
        var started = System.nanoTime();
        var faultsBefore = target.faults();
        var userIds = new ArrayList<String>();
        for (int i = 0; i < userCount; i++) {
            var userId = users.id("chaos", i);
            userIds.add(userId);
            members.put(userId, new Member(userId));
        }
        Users.inParallel(userIds.stream().<Callable<Void>>map(userId -> () -> {
            connect(members.get(userId));
            return null;
        }).toList(), 8);
        var channels = new ArrayList<List<Member>>();
        for (int start = 0; start < userCount; start += CHANNEL_SIZE) {
            var group = userIds.subList(start, Math.min(userCount, start + CHANNEL_SIZE)).stream().map(members::get).toList();
            var channelId = createChannel(group);
            group.forEach(member -> member.channelId = channelId);
            channels.add(group);
        }
        out.printf(Locale.ROOT, "  %d users in %d channels of up to %d, set up in %.1f s; faults %s%n", userCount, channels.size(),
                CHANNEL_SIZE, (System.nanoTime() - started) / 1e9, faultsBefore.path("spec").asText("none"));

        var sendStarted = System.nanoTime();
        var perUser = new int[userCount];
        for (int m = 0; m < messages; m++) {
            perUser[m % userCount]++;
        }
        var senders = new ArrayList<Callable<Void>>();
        for (int i = 0; i < userCount; i++) {
            var member = members.get(userIds.get(i));
            var count = perUser[i];
            senders.add(() -> {
                for (int m = 0; m < count; m++) {
                    send(member, member.userId + "-" + m);
                }
                return null;
            });
        }
        Users.inParallel(senders, userCount);
        var sendSeconds = (System.nanoTime() - sendStarted) / 1e9;
        out.printf(Locale.ROOT, "  %d of %d messages accepted in %.1f s: %d resends, %d reconnects (%d after %d unanswered requests in a"
                + " row), %d integration errors answered by the gateway%n", accepted.size(), messages, sendSeconds, resends.get(),
                reconnects.get(), abandoned.get(), UNANSWERED_BEFORE_RECONNECT, gatewayErrors.get());

        Users.awaitQuiet(2000, 120);
        var lastSeqs = new HashMap<String, Long>();
        for (var group : channels) {
            lastSeqs.put(group.getFirst().channelId, lastSeq(group.getFirst()));
        }
        var incomplete = fillAll(channels, lastSeqs);
        if (incomplete > 0) {
            out.println("  " + incomplete + " members still miss seqs; reading again in " + HOLE_GRACE_SECONDS
                    + " s, when a seq whose send died is filled as skipped");
            Thread.sleep(HOLE_GRACE_SECONDS * 1000L);
            fillAll(channels, lastSeqs);
        }

        var result = count(target, channels, messages);
        var faultsAfter = target.faults();
        out.println("  " + historyFills.get() + " getHistory pages filled gaps; faults injected: " + faultsAfter.path("injected"));
        for (var member : members.values()) {
            member.client.close();
        }
        result.problems().stream().limit(20).forEach(problem -> out.println("  problem: " + problem));
        out.printf(Locale.ROOT, "chaos: %d messages, %s: accepted %d, stored %d, unique clientMsgIds %d, duplicates stored %d,"
                        + " every member has %d of %d, dead-lettered %d; %d resends, %d reconnects, %.0f s — %s%n",
                messages, faultsAfter.path("spec").asText("no faults"), result.accepted(), result.stored(), result.unique(),
                result.duplicates(), result.everyMemberHas(), result.stored(), result.deadLettered(), resends.get(), reconnects.get(),
                (System.nanoTime() - started) / 1e9, result.holds() ? "invariants hold" : "INVARIANTS FAIL");
        return result;
    }

    /** Opens the member's connection, trying again while handshakes fail. */
    private void connect(Member member) throws Exception {
        Exception last = null;
        for (int attempt = 1; attempt <= 30; attempt++) {
            try {
                member.client = users.open(member.userId, users.token(member.userId), this::received).get(60,
                        java.util.concurrent.TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
                Thread.sleep(Math.min(2000, 100L * attempt));
            }
        }
        throw new IllegalStateException(member.userId + " could not connect", last);
    }

    /** Reconnects a member whose connection dropped, and fills what it missed meanwhile. */
    private void ensureConnected(Member member) throws Exception {
        if (!member.client.closed().isDone()) {
            return;
        }
        reconnects.incrementAndGet();
        connect(member);
        if (member.channelId != null) {
            fill(member, Long.MAX_VALUE);
        }
    }

    /** An action answered, as a client with one request in flight sees it: reconnecting and sending again until it gets one. */
    private JsonNode call(Member member, ObjectNode action) throws Exception {
        var unanswered = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            ensureConnected(member);
            JsonNode response;
            try {
                response = member.client.request(action.deepCopy(), REQUEST_TIMEOUT).join();
            } catch (CompletionException e) {
                resends.incrementAndGet();
                if (e.getCause() instanceof TimeoutException && ++unanswered >= UNANSWERED_BEFORE_RECONNECT) {
                    // Nothing came back for a while on a connection that looks open: a careful app gives up on it.
                    abandoned.incrementAndGet();
                    member.client.abort();
                    unanswered = 0;
                }
                continue;
            }
            unanswered = 0;
            var code = response.path("code").asText("");
            if (!"error".equals(response.path("type").asText())) {
                return response;
            }
            switch (code) {
                case "rate_limited" -> {
                    var wait = RETRY_IN.matcher(response.path("message").asText());
                    Thread.sleep(wait.find() ? Long.parseLong(wait.group(1)) * 1000 : 1000);
                }
                case "conflict", "internal" -> {
                    resends.incrementAndGet();
                    Thread.sleep(ThreadLocalRandom.current().nextLong(20, 200));
                }
                default -> {
                    return response;
                }
            }
        }
        throw new IllegalStateException(member.userId + ": no answer to " + action.path("action").asText() + " after " + MAX_ATTEMPTS
                + " attempts");
    }

    private String createChannel(List<Member> group) throws Exception {
        var owner = group.getFirst();
        var action = Json.object().put("action", "createChannel").put("name", "chaos " + users.run()).put("kind", "group");
        var array = action.putArray("members");
        group.subList(1, group.size()).forEach(member -> array.add(member.userId));
        var response = call(owner, action);
        if (!"channel".equals(response.path("type").asText())) {
            throw new IllegalStateException("createChannel failed: " + response);
        }
        return response.path("channel").path("channelId").asText();
    }

    private void send(Member member, String clientMsgId) throws Exception {
        var response = call(member, Users.send(member.channelId, clientMsgId, "chaos " + clientMsgId));
        if ("ack".equals(response.path("type").asText())) {
            var seq = response.path("seq").asLong();
            var earlier = accepted.putIfAbsent(clientMsgId, seq);
            if (earlier != null && earlier != seq) {
                problems.add(clientMsgId + " was acknowledged as seq " + earlier + " and as seq " + seq);
            }
        } else {
            problems.add("send " + clientMsgId + " failed: " + response);
        }
    }

    private long lastSeq(Member member) throws Exception {
        String cursor = null;
        do {
            var action = Json.object().put("action", "listChannels");
            if (cursor != null) {
                action.put("cursor", cursor);
            }
            var page = call(member, action);
            for (var channel : page.path("channels")) {
                if (channel.path("channelId").asText().equals(member.channelId)) {
                    return channel.path("lastSeq").asLong();
                }
            }
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        problems.add("listChannels of " + member.userId + " does not list its channel");
        return 0;
    }

    /** Fills every member's gaps up to its channel's last seq; returns how many members still miss some. */
    private int fillAll(List<List<Member>> channels, Map<String, Long> lastSeqs) throws Exception {
        var incomplete = new AtomicInteger();
        var tasks = new ArrayList<Callable<Void>>();
        for (var group : channels) {
            for (var member : group) {
                tasks.add(() -> {
                    if (!fill(member, lastSeqs.get(member.channelId))) {
                        incomplete.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        Users.inParallel(tasks, 8);
        return incomplete.get();
    }

    /**
     * Reads with {@code getHistory} every seq the member lacks, up to {@code upTo} (or the end of the history);
     * returns whether none is missing any more. A page that is empty where a seq is missing means a hole the server
     * has not filled yet.
     */
    private boolean fill(Member member, long upTo) throws Exception {
        var next = 1L;
        while (true) {
            while (member.have.contains(next)) {
                next++;
            }
            if (next > upTo) {
                return true;
            }
            var action = Json.object().put("action", "getHistory").put("channelId", member.channelId).put("limit", HISTORY_PAGE);
            if (next == 1) {
                action.put("beforeSeq", 2).put("limit", 1);
            } else {
                action.put("afterSeq", next - 1);
            }
            var page = call(member, action);
            if (!"history".equals(page.path("type").asText())) {
                problems.add("getHistory of " + member.userId + " failed: " + page);
                return false;
            }
            historyFills.incrementAndGet();
            var before = member.have.size();
            page.path("messages").forEach(entry -> member.have.add(entry.path("seq").asLong()));
            if (!member.have.contains(next)) {
                return upTo == Long.MAX_VALUE && member.have.size() == before;
            }
        }
    }

    /** Counts the Messages table of DynamoDB and the dead-letter queues against the acks and what the members have. */
    private Result count(Target target, List<List<Member>> channels, int messages) throws Exception {
        var region = Region.of(target.region());
        try (var dynamoDb = DynamoDbClient.builder().region(region).credentialsProvider(CREDENTIALS).endpointOverride(target.dynamoDbUrl())
                .httpClient(UrlConnectionHttpClient.create()).build();
             var sqs = SqsClient.builder().region(region).credentialsProvider(CREDENTIALS).endpointOverride(target.sqsUrl())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            var table = CostRun.tableNamed(dynamoDb, "Messages");
            var storedAt = new HashMap<String, List<Long>>();
            long stored = 0;
            long everyMemberHas = 0;
            for (var group : channels) {
                var channelId = group.getFirst().channelId;
                for (var item : dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("channelId = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS(channelId))))
                        .items()) {
                    var skipped = item.containsKey("skipped") && Boolean.TRUE.equals(item.get("skipped").bool());
                    if (skipped) {
                        continue;
                    }
                    stored++;
                    var seq = Long.parseLong(item.get("seq").n());
                    var clientMsgId = item.containsKey("clientMsgId") ? item.get("clientMsgId").s() : "(none)";
                    storedAt.computeIfAbsent(clientMsgId, key -> new ArrayList<>()).add(seq);
                    if (group.stream().allMatch(member -> member.have.contains(seq))) {
                        everyMemberHas++;
                    }
                }
            }
            var duplicates = storedAt.values().stream().mapToLong(seqs -> seqs.size() - 1).sum();
            accepted.forEach((clientMsgId, seq) -> {
                var at = storedAt.get(clientMsgId);
                if (at == null || !at.contains(seq)) {
                    problems.add("acknowledged " + clientMsgId + " as seq " + seq + " but DynamoDB has it at " + at);
                }
            });
            return new Result(messages, accepted.size(), stored, storedAt.size(), duplicates, everyMemberHas, CostRun.deadLetters(sqs),
                    List.copyOf(problems));
        }
    }
}
