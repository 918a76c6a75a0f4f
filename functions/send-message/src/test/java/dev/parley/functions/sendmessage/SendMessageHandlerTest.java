package dev.parley.functions.sendmessage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.MessageService;
import dev.parley.core.service.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendMessageHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final SendMessageHandler handler = new SendMessageHandler(new MessageService(chat.channelStore, chat.memberStore,
            chat.messageStore, chat.objectStore, chat.eventPublisher, chat.throttleStore,
            new RateLimiter(chat.throttleStore, Clock.systemUTC()), Clock.systemUTC(), Duration.ZERO));

    SendMessageHandlerTest() {
        chat.channelStore.create(new Channel("c-test0", "general", ChannelKind.GROUP, "alice", 0, 0, 2),
                List.of(new Member("c-test0", "alice", Member.OWNER, 0, 0, false), new Member("c-test0", "bob", Member.MEMBER, 0, 0,
                        false)));
    }

    private String reply(String userId, String body) {
        return handler.handleRequest(LambdaEvents.webSocket("sendMessage", "conn-" + userId, userId, body),
                new TestContext("send-message")).getBody();
    }

    @Test
    void handleRequest_whenApiGatewaySendsAMessage_acksAndStoresItUnderTheAuthorizedSender() {
        var response = handler.handleRequest(LambdaEvents.webSocketFixture("events/send-message.json"), new TestContext("send-message"));

        var ack = Json.parseTrusted(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("requestId").asText()).isEqualTo("r-1");
        assertThat(ack.get("seq").asLong()).isEqualTo(1);
        assertThat(ack.get("clientMsgId").asText()).isEqualTo("m-1");
        assertThat(chat.messages.get("c-test0|1").senderId()).isEqualTo("alice");
    }

    @Test
    void handleRequest_whenEditingDeletingAndReacting_acksEach() {
        reply("alice", "{\"action\":\"sendMessage\",\"channelId\":\"c-test0\",\"clientMsgId\":\"a\",\"text\":\"hi\"}");

        var edit = Json.parseTrusted(reply("alice", "{\"action\":\"editMessage\",\"channelId\":\"c-test0\",\"seq\":1,\"text\":\"hey\"}"));
        var react = Json.parseTrusted(reply("bob", "{\"action\":\"react\",\"channelId\":\"c-test0\",\"seq\":1,\"emoji\":\"🎉\"}"));
        var delete = Json.parseTrusted(reply("alice", "{\"action\":\"deleteMessage\",\"channelId\":\"c-test0\",\"seq\":1}"));

        assertThat(List.of(edit.get("type").asText(), react.get("type").asText(), delete.get("type").asText()))
                .containsOnly("ack");
        assertThat(chat.messages.get("c-test0|1").deleted()).isTrue();
    }

    @Test
    void handleRequest_whenCallerIsNotAMember_answersForbidden() {
        var error = Json.parseTrusted(reply("mallory",
                "{\"action\":\"sendMessage\",\"requestId\":\"x\",\"channelId\":\"c-test0\",\"clientMsgId\":\"a\",\"text\":\"hi\"}"));

        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("forbidden");
        assertThat(error.get("requestId").asText()).isEqualTo("x");
        assertThat(chat.messages).isEmpty();
    }
}
