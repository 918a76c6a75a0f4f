package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.json.Json;
import dev.parley.core.model.ChannelConnection;
import dev.parley.core.model.Event;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.protocol.Action;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ConnectionNotifier;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class FanoutServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private FanoutService fanout(int shardSize) {
        return new FanoutService(fixture.chat.channelConnectionStore, fixture.chat.presenceStore, fixture.chat.presenceWatchStore,
                fixture.chat.notifier, fixture.connections, fixture.chat.shardQueue, fixture.chat.pendingPublishStore, shardSize, 4);
    }

    private String postAndTakeEvent(String channelId, String senderId) {
        fixture.messages.send(senderId, new Action.SendMessage(channelId, "m" + System.nanoTime(), "hello", List.of(), null));
        var event = fixture.chat.published(Event.MESSAGE_POSTED).getLast();
        return Json.write(event.toJson());
    }

    @Test
    void deliver_whenMembersHaveDevices_postsToEveryLiveConnection() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("b2", "bob");
        fixture.connections.connect("b3", "bob");
        fixture.connections.connect("x1", "outsider");

        var delivered = fanout(100).deliver(postAndTakeEvent(channelId, "alice"));

        assertThat(delivered.connections()).isEqualTo(4);
        assertThat(fixture.chat.posted).containsOnlyKeys("a1", "b1", "b2", "b3");
        assertThat(fixture.chat.posted.get("b2").getFirst()).contains("\"type\":\"message\"").contains("\"seq\":1");
    }

    @Test
    void deliver_whenThePostArrivesTwice_postsTheSameSeqTwiceAndClearsTheMarkOnce() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        var event = postAndTakeEvent(channelId, "alice");
        assertThat(fixture.chat.pendingPublish).hasSize(1);

        fanout(100).deliver(event);
        assertThat(fixture.chat.pendingPublish).isEmpty();
        var again = fanout(100).deliver(event);

        assertThat(again.connections()).isEqualTo(1);
        // Clients keep one message per (channelId, seq): both frames name the same one.
        assertThat(fixture.chat.posted.get("b1")).hasSize(2).allSatisfy(frame -> assertThat(frame).contains("\"seq\":1"))
                .containsOnly(fixture.chat.posted.get("b1").getFirst());
    }

    @Test
    void deliver_whenThePendingMarkCannotBeCleared_stillDeliversAndLeavesItForRecovery() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        fixture.chat.failClearingPending = true;

        var delivered = fanout(100).deliver(postAndTakeEvent(channelId, "alice"));

        assertThat(delivered.connections()).isEqualTo(1);
        assertThat(fixture.chat.pendingPublish).hasSize(1);
    }

    @Test
    void deliver_whenAConnectionIsGone_prunesIt() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("b2", "bob");
        fixture.chat.goneConnections.add("b1");

        var delivered = fanout(100).deliver(postAndTakeEvent(channelId, "alice"));

        assertThat(delivered.gone()).isEqualTo(1);
        assertThat(fixture.chat.connections).containsOnlyKeys("b2");
        assertThat(fixture.chat.presence.get("bob").connectionIds()).containsExactly("b2");
    }

    @Test
    void deliver_whenAConnectionStaysThrottled_retriesThatConnectionAlone() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("b2", "bob");
        fixture.chat.throttledConnections.add("b1");
        var service = fanout(100);

        var delivered = service.deliver(postAndTakeEvent(channelId, "alice"));

        assertThat(delivered.connections()).isEqualTo(1);
        assertThat(delivered.retried()).isEqualTo(1);
        assertThat(fixture.chat.posted).containsOnlyKeys("b2");
        assertThat(fixture.chat.connections).containsKey("b1");
        assertThat(fixture.chat.shardJobs).singleElement().asString().contains("\"kind\":\"retry\"").contains("\"b1\"")
                .doesNotContain("\"b2\"");

        fixture.chat.throttledConnections.clear();
        var retried = service.deliver(fixture.chat.shardJobs.getFirst());

        assertThat(retried.connections()).isEqualTo(1);
        assertThat(fixture.chat.posted.get("b1")).hasSize(1);
        assertThat(fixture.chat.posted.get("b2")).hasSize(1);
    }

    @Test
    void deliver_whenConnectionsAreMissed_logsTheRoundOnceWithTheStatusTheyAnswered() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("b2", "bob");
        fixture.connections.connect("b3", "bob");
        fixture.chat.throttledConnections.addAll(List.of("b1", "b2"));
        var event = postAndTakeEvent(channelId, "alice");

        try (var output = CapturedOutput.start()) {
            fanout(100).deliver(event);

            assertThat(output.logLines()).singleElement().satisfies(line -> {
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("message").asText()).startsWith("2 of 3 connections not reached by message.posted")
                        .contains("\"@connections answered 429\" x2").contains("retry round 1 of " + FanoutService.RETRY_ROUNDS);
            });
        }
    }

    @Test
    void deliver_whenRetriesRunOut_failsTheRecordForRedelivery() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        fixture.chat.throttledConnections.add("b1");
        var service = fanout(100);
        service.deliver(postAndTakeEvent(channelId, "alice"));

        for (int round = 1; round < FanoutService.RETRY_ROUNDS; round++) {
            service.deliver(fixture.chat.shardJobs.getLast());
        }
        var lastRound = fixture.chat.shardJobs.getLast();

        assertThat(fixture.chat.shardJobs).hasSize(FanoutService.RETRY_ROUNDS);
        assertThatThrownBy(() -> service.deliver(lastRound)).isInstanceOf(FanoutService.DeliveryIncompleteException.class)
                .hasMessageContaining("1 of 1 connections").hasMessageContaining("\"@connections answered 429\" x1");
    }

    @Test
    void deliver_whenEventIsForUsersOnly_readsNoMembers() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("c1", "carol");
        var event = new Event("e1", Event.MEMBER_JOINED, channelId, "bob", 1L, List.of("bob", "alice"),
                Json.object().put("type", "memberJoined"), false);

        fanout(100).deliver(Json.write(event.toJson()));

        assertThat(fixture.chat.posted).containsOnlyKeys("a1", "b1");
    }

    @Test
    void deliver_whenTheAudienceIsLarge_splitsIntoShardJobsThatDeliverAlone() {
        var channelId = fixture.groupWith("u0", "u1", "u2", "u3", "u4");
        for (int i = 0; i < 5; i++) {
            fixture.connections.connect("c" + i, "u" + i);
        }
        var service = fanout(2);

        var split = service.deliver(postAndTakeEvent(channelId, "u0"));

        assertThat(split.shards()).isEqualTo(3);
        assertThat(fixture.chat.posted).isEmpty();
        for (var job : fixture.chat.shardJobs) {
            service.deliver(job);
        }
        assertThat(fixture.chat.posted).containsOnlyKeys("c0", "c1", "c2", "c3", "c4");
    }

    @Test
    void deliver_whenTyping_skipsTheTypist() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("b1", "bob");
        fixture.presence.typing("alice", channelId);

        fanout(100).deliver(Json.write(fixture.chat.published(Event.TYPING).getFirst().toJson()));

        assertThat(fixture.chat.posted).containsOnlyKeys("b1");
    }

    @Test
    void deliver_whenMemberLeft_tellsTheLeaverToo() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("b1", "bob");
        fixture.channels.leave("bob", channelId);

        fanout(100).deliver(Json.write(fixture.chat.published(Event.MEMBER_LEFT).getFirst().toJson()));

        assertThat(fixture.chat.posted).containsOnlyKeys("a1", "b1");
    }

    @Test
    void deliver_whenPresenceChanges_postsToWatchersOnly() {
        fixture.groupWith("alice", "bob");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("a2", "alice");
        fixture.presence.subscribe("alice", "a1", List.of("bob"));
        fixture.connections.connect("b1", "bob");

        var event = fixture.chat.published(Event.PRESENCE_CHANGED).stream().filter(e -> e.actorId().equals("bob")).findFirst()
                .orElseThrow();
        fanout(100).deliver(Json.write(event.toJson()));

        assertThat(fixture.chat.posted).containsOnlyKeys("a1");
        assertThat(fixture.chat.posted.get("a1").getFirst()).contains("\"status\":\"online\"");
    }

    @Test
    void deliver_whenRecordIsPoison_throwsMalformedRecord() {
        assertThatThrownBy(() -> fanout(100).deliver("{not json")).isInstanceOf(MalformedRecordException.class)
                .hasMessage("record is not JSON (line 1, column 2)");
        assertThatThrownBy(() -> fanout(100).deliver("{\"v\":2}")).isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> fanout(100).deliver("{\"v\":1,\"eventId\":\"e\",\"type\":\"message.posted\",\"actorId\":\"a\"}"))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> fanout(100).deliver("{\"v\":1,\"kind\":\"later\"}")).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void deliver_whenAStoreFailsWithAnIllegalArgument_throwsItAsAFailureNotAsPoison() {
        var channelId = fixture.groupWith("alice", "bob");
        var event = postAndTakeEvent(channelId, "alice");
        var failing = new FanoutService(new ChannelConnectionStore() {
            @Override
            public void putAll(Collection<ChannelConnection> entries, long expiresAt) {
            }

            @Override
            public void removeAll(Collection<ChannelConnection> entries) {
            }

            @Override
            public void forEachPage(String channelId, Consumer<List<ChannelConnection>> page) {
                throw new NumberFormatException("For input string: \"x\"");
            }
        }, fixture.chat.presenceStore, fixture.chat.presenceWatchStore, fixture.chat.notifier, fixture.connections,
                fixture.chat.shardQueue, fixture.chat.pendingPublishStore, 100, 4);

        assertThatThrownBy(() -> failing.deliver(event)).isExactlyInstanceOf(NumberFormatException.class);
    }
    @Test
    void deliver_whenRecordsRunAtOnce_keepsTheirPostsUnderOneBoundForTheEnvironment() throws Exception {
        var first = fixture.groupWith("alice", "bob", "carol", "dave", "erin");
        var second = fixture.groupWith("alice", "bob", "carol", "dave", "erin");
        for (var user : List.of("alice", "bob", "carol", "dave", "erin")) {
            fixture.connections.connect(user + "-1", user);
            fixture.connections.connect(user + "-2", user);
        }
        var events = List.of(postAndTakeEvent(first, "alice"), postAndTakeEvent(second, "bob"));
        var inFlight = new AtomicInteger();
        var mostInFlight = new AtomicInteger();
        var posts = new AtomicInteger();
        var slow = posting(() -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            posts.incrementAndGet();
        });
        var bounded = new FanoutService(fixture.chat.channelConnectionStore, fixture.chat.presenceStore, fixture.chat.presenceWatchStore,
                slow, fixture.connections, fixture.chat.shardQueue, fixture.chat.pendingPublishStore, 100, 3);

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var runs = events.stream().map(event -> executor.submit(() -> bounded.deliver(event))).toList();
            for (var run : runs) {
                assertThat(run.get().connections()).isEqualTo(10);
            }
        }

        assertThat(posts).hasValue(20);
        // Two records of five connections each, three posts at a time between them (each record alone could have had three).
        assertThat(mostInFlight.get()).isBetween(2, 3);
    }

    @Test
    void deliver_whenPostingThreadsAreReused_postsWithTheLogFieldsOfTheInvocationUnderWay() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        var seen = new CopyOnWriteArrayList<String>();
        var recording = posting(() -> seen.add(String.valueOf(MDC.get("awsRequestId"))));
        var oneThread = new FanoutService(fixture.chat.channelConnectionStore, fixture.chat.presenceStore,
                fixture.chat.presenceWatchStore, recording, fixture.connections, fixture.chat.shardQueue,
                fixture.chat.pendingPublishStore, 100, 1);

        try {
            for (var requestId : List.of("request-1", "request-2")) {
                MDC.put("awsRequestId", requestId);
                oneThread.deliver(postAndTakeEvent(channelId, "alice"));
            }
        } finally {
            MDC.clear();
        }

        assertThat(seen).containsExactly("request-1", "request-2");
    }

    /** A notifier whose every post runs {@code onPost} and is delivered. */
    private static ConnectionNotifier posting(Runnable onPost) {
        return new ConnectionNotifier() {
            @Override
            public Delivery post(String connectionId, byte[] data) {
                onPost.run();
                return Delivery.DELIVERED;
            }

            @Override
            public boolean isConnected(String connectionId) {
                return true;
            }

            @Override
            public void close(String connectionId) {
            }
        };
    }
}
