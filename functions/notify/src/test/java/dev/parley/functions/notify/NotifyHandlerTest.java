package dev.parley.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.DeviceService;
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.service.NotifyService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final NotifyHandler handler = new NotifyHandler(new NotifyService(chat.channelStore, chat.memberStore, chat.presenceStore,
            chat.deviceStore, chat.throttleStore, chat.pushGateway, chat.delayedQueue, Clock.systemUTC(), Duration.ofMinutes(30)));

    @Test
    void handleRequest_whenOneRecordIsPoison_reportsItAloneAndNotifiesTheRest() {
        chat.channelStore.create(new Channel("c-1", "x", ChannelKind.GROUP, "alice", 0, 1, 2),
                List.of(new Member("c-1", "alice", Member.OWNER, 0, 0, false), new Member("c-1", "bob", Member.MEMBER, 0, 0, false)));
        var message = new Message("c-1", 1, "m-1", "alice", "hi <@bob>", List.of(), 1, null, false, Map.of(), "x", null, null, false,
                new Mentions(List.of("bob"), false, false));
        var posted = Json.write(new Event("posted:c-1:1", Event.MESSAGE_POSTED, "c-1", "alice", 1, List.of(),
                EventFrames.message(message)).toJson());

        var response = handler.handleRequest(LambdaEvents.sqs("[]", posted), new TestContext("notify"));

        assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("m0");
        assertThat(chat.notifications).singleElement().satisfies(n -> assertThat(n).contains("\"kind\":\"mention\""));
    }

    @Test
    void registerDevice_whenNoPlatformApplicationIsConfigured_storesTheDeviceWithoutAnEndpoint() {
        var register = new RegisterDeviceHandler(new DeviceService(chat.deviceStore, chat.pushEndpoints,
                new RateLimiter(chat.throttleStore, Clock.systemUTC()), Clock.systemUTC()));

        var body = register.handleRequest(LambdaEvents.webSocket("registerDevice", "conn-b", "bob",
                "{\"action\":\"registerDevice\",\"platform\":\"apns\",\"deviceToken\":\"abc\"}"), new TestContext("devices")).getBody();

        var ack = Json.parseTrusted(body);
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("pushEndpoint").asBoolean()).isFalse();
        assertThat(chat.deviceStore.forUser("bob")).singleElement().satisfies(d -> assertThat(d.endpointArn()).isNull());
    }
}
