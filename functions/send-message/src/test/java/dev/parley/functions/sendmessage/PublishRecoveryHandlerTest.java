package dev.parley.functions.sendmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.PublishRecoveryService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishRecoveryHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final List<Duration> pauses = new ArrayList<>();
    private final PublishRecoveryHandler handler = new PublishRecoveryHandler(new PublishRecoveryService(chat.pendingPublishStore,
            chat.messageStore, chat.eventPublisher, Clock.systemUTC()), pauses::add);

    @Test
    void handleRequest_whenTheFunctionHasItsMinute_makesThreePassesTwentySecondsApart() {
        var at = System.currentTimeMillis() - 60_000;
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 0, 1),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false)));
        var seq = chat.messageStore.allocate("c-1", at).orElseThrow();
        chat.messageStore.write(new Message("c-1", seq, "m-1", "alice", "hi", List.of(), at, null, false, Map.of(), "x1", null, null),
                "c-1#alice#x1", 0L);

        handler.handleRequest(new ScheduledEvent(), new TestContext("publish-recovery", Duration.ofSeconds(60)));

        assertThat(pauses).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(chat.published).singleElement().satisfies(event -> assertThat(event.eventId()).isEqualTo("posted:c-1:1"));
        assertThat(chat.pendingPublish).isEmpty();
    }

    @Test
    void handleRequest_whenLittleTimeIsLeft_makesOnePassAndLeavesTheRestToTheNextInvocation() {
        handler.handleRequest(new ScheduledEvent(), new TestContext("publish-recovery", Duration.ofSeconds(30)));

        assertThat(pauses).isEmpty();
    }
}
