package dev.parley.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.ChannelConnection;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.FanoutService;
import dev.parley.core.store.ChannelConnectionStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FanoutHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final ConnectionService connections = new ConnectionService(chat.connectionStore, chat.presenceStore, chat.memberStore,
            chat.channelConnectionStore, chat.eventPublisher, Clock.systemUTC());
    private final FanoutHandler handler = new FanoutHandler(new FanoutService(chat.channelConnectionStore, chat.presenceStore,
            chat.presenceWatchStore, chat.notifier, connections, chat.shardQueue, chat.pendingPublishStore, 100, 4));

    @Test
    void handleRequest_whenOneRecordIsPoison_reportsItAlone() {
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 0, 1),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false)));
        connections.connect("a1", "alice");
        var good = Json.write(new Event("e1", Event.TYPING, "c-1", "bob", 1, List.of(), EventFrames.typing("c-1", "bob")).toJson());

        var response = handler.handleRequest(LambdaEvents.sqs(good, "{poison", good), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("m1");
        assertThat(chat.posted.get("a1")).hasSize(2);
    }

    @Test
    void handleRequest_whenAStoreFails_reportsTheRecordForRetryAndLogsItOnceWithItsCauseAndTheRequestId() {
        var failing = new FanoutHandler(new FanoutService(new ChannelConnectionStore() {
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
        }, chat.presenceStore, chat.presenceWatchStore, chat.notifier, connections, chat.shardQueue, chat.pendingPublishStore, 100, 4));
        var typing = Json.write(new Event("e1", Event.TYPING, "c-1", "bob", 1, List.of(), EventFrames.typing("c-1", "bob")).toJson());
        var context = new TestContext("fanout");

        try (var output = CapturedOutput.start()) {
            // Two records: they are handled on threads of their own, which must carry the request id too.
            var response = failing.handleRequest(LambdaEvents.sqs(typing, "{\"v\":2}"), context);

            assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactlyInAnyOrder("m0", "m1");
            assertThat(output.logLines()).hasSize(2).allSatisfy(line ->
                    assertThat(line.path("awsRequestId").asText()).isEqualTo(context.getAwsRequestId()));
            assertThat(output.logLines()).filteredOn(line -> line.path("messageId").asText().equals("m0")).singleElement()
                    .satisfies(line -> {
                        assertThat(line.path("message").asText()).contains("will be retried");
                        assertThat(line.path("errorType").asText()).isEqualTo(NumberFormatException.class.getName());
                    });
            assertThat(output.logLines()).filteredOn(line -> line.path("messageId").asText().equals("m1")).singleElement()
                    .satisfies(line -> assertThat(line.path("message").asText()).contains("dead-letter queue"));
        }
    }

    @Test
    void handleRequest_whenAConnectionStaysThrottled_queuesARetryForItAndReportsNoFailure() {
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 0, 1),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false)));
        connections.connect("a1", "alice");
        chat.throttledConnections.add("a1");
        var event = Json.write(new Event("e1", Event.TYPING, "c-1", "bob", 1, List.of(), EventFrames.typing("c-1", "bob")).toJson());

        var response = handler.handleRequest(LambdaEvents.sqs(event), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(chat.shardJobs).singleElement().asString().contains("\"kind\":\"retry\"").contains("\"a1\"");
    }
}
