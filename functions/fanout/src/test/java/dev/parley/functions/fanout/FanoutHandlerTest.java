package dev.parley.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.FanoutService;
import java.time.Clock;
import java.util.List;
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
