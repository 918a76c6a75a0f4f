package dev.parley.core.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.ChannelConnection;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.retry.RetryPolicy;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ConnectionNotifier;
import dev.parley.core.store.ConnectionNotifier.Delivery;
import dev.parley.core.store.PendingPublishStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PresenceWatchStore;
import dev.parley.core.store.ShardQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers events to the live connections of their audience. A channel's audience is read from its live
 * connections (ChannelConnections), so an event costs what its online audience costs, not what its membership does;
 * users named in the event are found through Presence. Frames are posted in parallel, at most {@code concurrency} posts
 * at once for the whole execution environment, however many records of a batch are under way: the posts then fit the
 * notifier's kept-alive connections instead of opening and closing connections past them. Connections found gone are
 * pruned; throttled posts back off; connections still not reached are retried alone, through a delayed retry job on
 * the fan-out queue, so the rest of the audience never receives the event twice because of them.
 */
public final class FanoutService {

    /** Outcome of one record, for metrics. */
    public record Delivered(int connections, int gone, int shards, int retried) {
    }

    /** Thrown when some connections could not be reached even after their retries; the record goes back to the queue. */
    public static final class DeliveryIncompleteException extends RuntimeException {
        public DeliveryIncompleteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One post: when it ends, or is cancelled before it could, its place is free and its call counts it. It logs with the
     * fields of the invocation that made it (the request id, the record), not those its pooled thread was started with.
     */
    private final class Post extends FutureTask<Void> {
        private final CountDownLatch remaining;
        private final Map<String, String> logFields;

        Post(CountDownLatch remaining, Runnable work) {
            super(work, null);
            this.remaining = remaining;
            this.logFields = MDC.getCopyOfContextMap();
        }

        @Override
        public void run() {
            if (logFields == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(logFields);
            }
            try {
                super.run();
            } finally {
                MDC.clear();
            }
        }

        @Override
        protected void done() {
            posting.release();
            remaining.countDown();
        }
    }

    static final int RETRY_ROUNDS = 4;
    static final int RETRY_DELAY_SECONDS = 2;
    private static final int PRESENCE_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);

    private final ChannelConnectionStore channelConnections;
    private final PendingPublishStore pending;
    private final PresenceStore presence;
    private final PresenceWatchStore watches;
    private final ConnectionNotifier notifier;
    private final ConnectionService connections;
    private final ShardQueue shards;
    private final int shardSize;
    private final Semaphore posting;
    /**
     * The threads that post, as many as may post at once, on platform threads: a post is a blocking exchange on a kept
     * connection, which a platform thread waits for in one read, where a virtual thread parks through the JDK's poller
     * and a timer for the read timeout on every exchange. Idle ones end after a minute.
     */
    private final ThreadPoolExecutor posters;

    public FanoutService(ChannelConnectionStore channelConnections, PresenceStore presence, PresenceWatchStore watches,
                         ConnectionNotifier notifier, ConnectionService connections, ShardQueue shards, PendingPublishStore pending,
                         int shardSize, int concurrency) {
        this.channelConnections = Objects.requireNonNull(channelConnections, "channelConnections");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.watches = Objects.requireNonNull(watches, "watches");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.shards = Objects.requireNonNull(shards, "shards");
        if (shardSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("shard size and concurrency must be positive");
        }
        this.shardSize = shardSize;
        this.posting = new Semaphore(concurrency);
        this.posters = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("fanout-post-", 1).factory());
        posters.allowCoreThreadTimeOut(true);
    }

    /**
     * Delivers one queue record: an event envelope, a shard job or a retry job.
     *
     * @throws MalformedRecordException when the record is not something fan-out understands (a poison record)
     * @throws DeliveryIncompleteException when connections stayed unreachable through every retry round
     */
    public Delivered deliver(String recordBody) {
        JsonNode node;
        try {
            node = Json.parse(recordBody);
        } catch (JsonProcessingException e) {
            throw MalformedRecordException.notJson(e);
        }
        switch (node.path("kind").asText("")) {
            case "shard" -> {
                var event = Event.fromJson(node.get("event"));
                var userIds = new ArrayList<String>();
                node.path("userIds").forEach(user -> userIds.add(user.asText()));
                return deliverToUsers(event, userIds);
            }
            case "retry", "targets" -> {
                var event = Event.fromJson(node.get("event"));
                var targets = new HashMap<String, String>();
                node.path("targets").fields().forEachRemaining(target -> targets.put(target.getKey(), target.getValue().asText()));
                return post(event, targets, Event.PRESENCE_CHANGED.equals(event.type()), node.path("round").asInt(0));
            }
            case "" -> {
                return deliverEvent(Event.fromJson(node));
            }
            default -> throw new MalformedRecordException("unknown fan-out job kind " + node.path("kind").asText());
        }
    }

    private Delivered deliverEvent(Event event) {
        if (Event.PRESENCE_CHANGED.equals(event.type())) {
            return deliverToWatchers(event);
        }
        if (event.channelId() == null) {
            throw new MalformedRecordException("event " + event.type() + " has no channelId");
        }
        if (!Event.MESSAGE_POSTED.equals(event.type())) {
            return deliverToChannel(event);
        }
        // The post reached fan-out, so it was published: its send's pending mark goes, beside the delivery, not before it.
        var cleared = Concurrently.run(() -> clearPending(event));
        try {
            return deliverToChannel(event);
        } finally {
            cleared.join();
        }
    }

    private void clearPending(Event event) {
        var clientMsgId = event.frame().path("clientMsgId");
        if (!clientMsgId.isTextual()) {
            return;
        }
        try {
            pending.clear(MessageService.dedupKey(event.channelId(), event.actorId(), clientMsgId.textValue()));
        } catch (RuntimeException e) {
            LOG.warn("pending mark of seq {} in channel {} not cleared; the recovery job publishes the message again",
                    event.frame().path("seq").asLong(), event.channelId(), e);
        }
    }

    private Delivered deliverToChannel(Event event) {
        var targets = new HashMap<String, String>();
        if (event.toMembers()) {
            channelConnections.forEachPage(event.channelId(), page -> page.forEach(entry -> targets.put(entry.connectionId(),
                    entry.userId())));
        }
        targets.putAll(liveConnections(event.userIds()));
        if (Event.TYPING.equals(event.type())) {
            targets.values().removeIf(userId -> userId.equals(event.actorId()));
        }
        if (targets.size() > shardSize) {
            return split(event, targets);
        }
        return post(event, targets, false, 0);
    }

    /** An audience larger than one invocation should post to goes out as target jobs that fan-out runs in parallel. */
    private Delivered split(Event event, Map<String, String> targets) {
        var jobs = new ArrayList<String>();
        var entries = List.copyOf(targets.entrySet());
        for (int from = 0; from < entries.size(); from += shardSize) {
            var job = Json.object().put("v", 1).put("kind", "targets");
            job.set("event", event.toJson());
            var chunk = job.putObject("targets");
            entries.subList(from, Math.min(entries.size(), from + shardSize)).forEach(entry -> chunk.put(entry.getKey(), entry.getValue()));
            jobs.add(Json.write(job));
        }
        shards.sendAll(jobs);
        return new Delivered(0, 0, jobs.size(), 0);
    }

    private Delivered deliverToUsers(Event event, List<String> userIds) {
        return post(event, liveConnections(userIds), false, 0);
    }

    private Map<String, String> liveConnections(List<String> userIds) {
        var targets = new HashMap<String, String>();
        for (int from = 0; from < userIds.size(); from += PRESENCE_BATCH) {
            var found = presence.findAll(userIds.subList(from, Math.min(userIds.size(), from + PRESENCE_BATCH)));
            found.values().forEach(entry -> entry.connectionIds().forEach(id -> targets.put(id, entry.userId())));
        }
        return targets;
    }

    private Delivered deliverToWatchers(Event event) {
        var targets = new HashMap<String, String>();
        watches.watchersOf(event.actorId()).forEach(watch -> targets.put(watch.connectionId(), watch.watcherUserId()));
        return post(event, targets, true, 0);
    }

    private Delivered post(Event event, Map<String, String> targets, boolean watchers, int round) {
        var data = Json.write(event.frame()).getBytes(StandardCharsets.UTF_8);
        var gone = new AtomicInteger();
        var missed = new Missed();
        var remaining = new CountDownLatch(targets.size());
        var posts = new ArrayList<Future<?>>(targets.size());
        for (var target : targets.entrySet()) {
            posting.acquireUninterruptibly();
            var post = new Post(remaining, () -> {
                try {
                    switch (postWithRetries(target.getKey(), data)) {
                        case Delivery.Gone _ -> {
                            gone.incrementAndGet();
                            if (watchers) {
                                watches.remove(event.actorId(), target.getKey());
                            } else if (event.channelId() != null) {
                                channelConnections.removeAll(List.of(new ChannelConnection(event.channelId(), target.getKey(),
                                        target.getValue())));
                            }
                            connections.disconnect(target.getKey(), target.getValue());
                        }
                        case Delivery.Retry retry -> missed.add(target.getKey(), target.getValue(), retry.reason(), retry.cause());
                        case Delivery.Delivered _ -> {
                        }
                    }
                } catch (RuntimeException e) {
                    missed.add(target.getKey(), target.getValue(), e.toString(), e);
                }
            });
            posts.add(post);
            posters.execute(post);
        }
        try {
            remaining.await();
        } catch (InterruptedException e) {
            // The invocation is being stopped: its posts stop with it, and the record is left to its redelivery.
            posts.forEach(post -> post.cancel(true));
            Thread.currentThread().interrupt();
            throw new DeliveryIncompleteException("interrupted while posting to " + targets.size() + " connections", e);
        }
        if (!missed.targets.isEmpty()) {
            retryLater(event, missed, round + 1, targets.size());
        }
        return new Delivered(targets.size() - gone.get() - missed.targets.size(), gone.get(), 0, missed.targets.size());
    }

    /**
     * Queues the connections an event missed for another round, or gives up on them after the last round. Each round's
     * misses are told once, with their reasons and one of the errors behind them: here for a round that is retried,
     * by the queue consumer for the exception that ends the last one.
     */
    private void retryLater(Event event, Missed missed, int round, int audience) {
        if (round > RETRY_ROUNDS) {
            throw new DeliveryIncompleteException(missed.targets.size() + " of " + audience + " connections not reached by " + event.type()
                    + " " + event.eventId() + " after " + RETRY_ROUNDS + " retry rounds: " + missed.reasons(), missed.cause.get());
        }
        var job = Json.object().put("v", 1).put("kind", "retry").put("round", round);
        job.set("event", event.toJson());
        var targets = job.putObject("targets");
        missed.targets.forEach(targets::put);
        var delaySeconds = RETRY_DELAY_SECONDS * round;
        shards.sendAll(List.of(Json.write(job)), delaySeconds);
        LOG.warn("{} of {} connections not reached by {} {} ({}); retry round {} of {} in {} s", missed.targets.size(), audience,
                event.type(), event.eventId(), missed.reasons(), round, RETRY_ROUNDS, delaySeconds, missed.cause.get());
    }

    private Delivery postWithRetries(String connectionId, byte[] data) {
        return RetryPolicy.call(() -> notifier.post(connectionId, data), delivery -> delivery instanceof Delivery.Retry);
    }

    /** The connections one post round missed, how often each reason came up, and one error behind them. */
    private static final class Missed {

        private final Map<String, String> targets = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> reasonCounts = new ConcurrentHashMap<>();
        private final AtomicReference<Throwable> cause = new AtomicReference<>();

        void add(String connectionId, String userId, String reason, Throwable error) {
            targets.put(connectionId, userId);
            reasonCounts.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            if (error != null) {
                cause.compareAndSet(null, error);
            }
        }

        /** E.g. {@code "@connections answered 429" x3, "no answer from @connections" x1}, most frequent first. */
        String reasons() {
            return reasonCounts.entrySet().stream()
                    .sorted(Map.Entry.<String, AtomicInteger>comparingByValue((a, b) -> Integer.compare(b.get(), a.get()))
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(entry -> "\"" + entry.getKey() + "\" x" + entry.getValue().get())
                    .collect(Collectors.joining(", "));
        }
    }
}
