package dev.parley.functions.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.FuzzWorld;
import dev.parley.core.json.Json;
import dev.parley.core.service.ChannelAdministration;
import dev.parley.core.service.ChannelService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.service.ThreadService;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ChannelsHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final ChannelsHandler handler = new ChannelsHandler(new ChannelService(chat.channelStore, chat.createRequestStore,
            chat.memberStore, chat.messageStore, chat.presenceStore, chat.channelConnectionStore, chat.eventPublisher,
            new RateLimiter(chat.throttleStore, Clock.systemUTC()), Clock.systemUTC()),
            new ThreadService(chat.memberStore, chat.messageStore, chat.threadStore),
            new ChannelAdministration(chat.channelStore, chat.memberStore, chat.presenceStore, chat.channelConnectionStore,
                    chat.eventPublisher, new RateLimiter(chat.throttleStore, Clock.systemUTC()), Clock.systemUTC()));

    private JsonNode reply(String userId, String body) {
        return Json.parseTrusted(handler.handleRequest(LambdaEvents.webSocket("x", "conn-" + userId, userId, body),
                new TestContext("channels")).getBody());
    }

    @Test
    void handleRequest_whenCreatingJoiningAndListing_answersEachResponseType() {
        var created = reply("alice", "{\"action\":\"createChannel\",\"requestId\":\"r1\",\"name\":\"general\",\"kind\":\"group\"}");
        var channelId = created.get("channel").get("channelId").asText();

        var joined = reply("bob", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        var members = reply("bob", "{\"action\":\"listMembers\",\"channelId\":\"" + channelId + "\"}");
        var channels = reply("bob", "{\"action\":\"listChannels\"}");
        var history = reply("bob", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\"}");
        var read = reply("bob", "{\"action\":\"markRead\",\"channelId\":\"" + channelId + "\",\"seq\":0}");
        var left = reply("bob", "{\"action\":\"leaveChannel\",\"channelId\":\"" + channelId + "\"}");

        assertThat(created.get("type").asText()).isEqualTo("channel");
        assertThat(created.get("requestId").asText()).isEqualTo("r1");
        assertThat(joined.get("channel").get("memberCount").asInt()).isEqualTo(2);
        assertThat(members.get("members")).hasSize(2);
        assertThat(channels.get("channels").get(0).get("unread").asLong()).isZero();
        assertThat(history.get("type").asText()).isEqualTo("history");
        assertThat(history.get("hasMore").asBoolean()).isFalse();
        assertThat(read.get("type").asText()).isEqualTo("ack");
        assertThat(left.get("type").asText()).isEqualTo("left");
    }

    @Test
    void handleRequest_whenAMemberAddsSomeoneToAPrivateChannel_answersTheChannel() {
        var created = reply("alice", "{\"action\":\"createChannel\",\"requestId\":\"r1\",\"name\":\"board\",\"kind\":\"private\"}");
        var channelId = created.get("channel").get("channelId").asText();

        var refused = reply("bob", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        var added = reply("alice", "{\"action\":\"addMembers\",\"requestId\":\"r2\",\"channelId\":\"" + channelId
                + "\",\"userIds\":[\"bob\"]}");

        assertThat(refused.get("code").asText()).isEqualTo("forbidden");
        assertThat(added.get("type").asText()).isEqualTo("channel");
        assertThat(added.get("requestId").asText()).isEqualTo("r2");
        assertThat(added.get("channel").get("memberCount").asInt()).isEqualTo(2);
    }

    @Test
    void handleRequest_whenAnOwnerAdministersAChannel_answersEachResponseTypeWithRoles() {
        var created = reply("alice", "{\"action\":\"createChannel\",\"name\":\"general\",\"kind\":\"group\",\"members\":[\"bob\"]}");
        var channelId = created.get("channel").get("channelId").asText();
        var at = "\"channelId\":\"" + channelId + "\"";

        var renamed = reply("alice", "{\"action\":\"renameChannel\",\"requestId\":\"r1\"," + at + ",\"name\":\" ops \"}");
        var topic = reply("alice", "{\"action\":\"setTopic\"," + at + ",\"topic\":\"deploys\"}");
        var refused = reply("bob", "{\"action\":\"setTopic\",\"requestId\":\"r2\"," + at + ",\"topic\":\"mine\"}");
        var promoted = reply("alice", "{\"action\":\"setRole\"," + at + ",\"userId\":\"bob\",\"role\":\"owner\"}");
        var archived = reply("bob", "{\"action\":\"archiveChannel\"," + at + "}");
        var members = reply("bob", "{\"action\":\"listMembers\"," + at + "}");
        var listed = reply("bob", "{\"action\":\"listChannels\"}");
        var unarchived = reply("alice", "{\"action\":\"unarchiveChannel\"," + at + "}");
        var removed = reply("bob", "{\"action\":\"removeMember\"," + at + ",\"userId\":\"alice\"}");

        assertThat(created.get("channel").get("role").asText()).isEqualTo("owner");
        assertThat(created.get("channel").get("topic").asText()).isEmpty();
        assertThat(renamed.get("type").asText()).isEqualTo("channel");
        assertThat(renamed.get("requestId").asText()).isEqualTo("r1");
        assertThat(renamed.get("channel").get("name").asText()).isEqualTo("ops");
        assertThat(topic.get("channel").get("topic").asText()).isEqualTo("deploys");
        assertThat(refused.get("code").asText()).isEqualTo("forbidden");
        assertThat(refused.get("requestId").asText()).isEqualTo("r2");
        assertThat(promoted.get("type").asText()).isEqualTo("role");
        assertThat(promoted.get("role").asText()).isEqualTo("owner");
        assertThat(archived.get("channel").get("archived").asBoolean()).isTrue();
        assertThat(members.get("members")).extracting(member -> member.get("role").asText()).containsOnly("owner");
        assertThat(listed.get("channels").get(0).get("role").asText()).isEqualTo("owner");
        assertThat(listed.get("channels").get(0).get("archived").asBoolean()).isTrue();
        assertThat(unarchived.get("channel").get("archived").asBoolean()).isFalse();
        assertThat(removed.get("type").asText()).isEqualTo("removed");
        assertThat(removed.get("userId").asText()).isEqualTo("alice");
    }

    @Test
    void handleRequest_whenActionIsAnotherFunctions_answersUnknownAction() {
        assertThat(reply("alice", "{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a\",\"text\":\"x\"}")
                .get("code").asText()).isEqualTo("unknown_action");
    }

    @Test
    void handleRequest_whenHistoryIsAskedBeforeASeqBeyondTheLastOne_writesNoSkippedEntryBeyondIt() {
        var world = FuzzWorld.create();
        var seeded = new ChannelsHandler(world.channelService(), world.threadService(), world.channelAdministration());

        var history = Json.parseTrusted(seeded.handleRequest(LambdaEvents.webSocket("getHistory", "conn-alice", "alice",
                "{\"action\":\"getHistory\",\"channelId\":\"" + FuzzWorld.GROUP + "\",\"beforeSeq\":6}"),
                new TestContext("channels")).getBody());

        assertThat(history.get("messages")).extracting(message -> message.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(world.chat.messages).doesNotContainKey(FuzzWorld.GROUP + "|5");
    }

    @Test
    void handleRequest_whenHistoryIsAskedAfterTheLargestSeq_answersNoMessagesAndFillsNothing() {
        var world = FuzzWorld.create();
        var seeded = new ChannelsHandler(world.channelService(), world.threadService(), world.channelAdministration());

        var history = Json.parseTrusted(seeded.handleRequest(LambdaEvents.webSocket("getHistory", "conn-alice", "alice",
                "{\"action\":\"getHistory\",\"channelId\":\"" + FuzzWorld.GROUP + "\",\"afterSeq\":" + Long.MAX_VALUE + "}"),
                new TestContext("channels")).getBody());

        assertThat(history.get("messages")).isEmpty();
        assertThat(world.chat.messages).doesNotContainKey(FuzzWorld.GROUP + "|4");
    }

    @Test
    void handleRequest_whenAMemberSetsNotifications_answersTheStoredPreferencesAndListsThem() {
        var created = reply("alice", "{\"action\":\"createChannel\",\"requestId\":\"r1\",\"name\":\"general\",\"kind\":\"group\"}");
        var channelId = created.get("channel").get("channelId").asText();

        var set = reply("alice", "{\"action\":\"setNotifications\",\"requestId\":\"r2\",\"channelId\":\"" + channelId
                + "\",\"level\":\"mentions\",\"mutedUntil\":253402300799999}");
        var listed = reply("alice", "{\"action\":\"listChannels\"}").get("channels").get(0);
        var stranger = reply("bob", "{\"action\":\"setNotifications\",\"requestId\":\"r3\",\"channelId\":\"" + channelId
                + "\",\"level\":\"none\"}");

        assertThat(set.get("type").asText()).isEqualTo("ack");
        assertThat(set.get("requestId").asText()).isEqualTo("r2");
        assertThat(set.get("channelId").asText()).isEqualTo(channelId);
        assertThat(set.get("notifications")).isEqualTo(Json.parseTrusted("{\"level\":\"mentions\",\"mutedUntil\":253402300799999}"));
        assertThat(listed.get("notifications")).isEqualTo(set.get("notifications"));
        assertThat(listed.get("muted").asBoolean()).isTrue();
        assertThat(stranger.get("code").asText()).isEqualTo("forbidden");
        assertThat(stranger.get("requestId").asText()).isEqualTo("r3");
    }

    @Test
    void handleRequest_whenAThreadIsAsked_answersItsRootAndRepliesOrAnErrorFrameWithTheRequestId() {
        var world = FuzzWorld.create();
        var seeded = new ChannelsHandler(world.channelService(), world.threadService(), world.channelAdministration());

        var thread = Json.parseTrusted(seeded.handleRequest(LambdaEvents.webSocket("getThread", "conn-alice", "alice",
                "{\"action\":\"getThread\",\"requestId\":\"t1\",\"channelId\":\"" + FuzzWorld.GROUP + "\",\"threadSeq\":1}"),
                new TestContext("channels")).getBody());
        var ofAReply = Json.parseTrusted(seeded.handleRequest(LambdaEvents.webSocket("getThread", "conn-alice", "alice",
                "{\"action\":\"getThread\",\"requestId\":\"t2\",\"channelId\":\"" + FuzzWorld.GROUP + "\",\"threadSeq\":2}"),
                new TestContext("channels")).getBody());
        var outsider = Json.parseTrusted(seeded.handleRequest(LambdaEvents.webSocket("getThread", "conn-carol", "carol",
                "{\"action\":\"getThread\",\"requestId\":\"t3\",\"channelId\":\"" + FuzzWorld.GROUP + "\",\"threadSeq\":1}"),
                new TestContext("channels")).getBody());

        assertThat(thread.get("type").asText()).isEqualTo("thread");
        assertThat(thread.get("requestId").asText()).isEqualTo("t1");
        assertThat(thread.get("threadSeq").asLong()).isEqualTo(1);
        assertThat(thread.get("root").get("replyCount").asLong()).isEqualTo(1);
        assertThat(thread.get("replies")).extracting(reply -> reply.get("seq").asLong()).containsExactly(2L);
        assertThat(thread.get("hasMore").asBoolean()).isFalse();
        assertThat(ofAReply.get("code").asText()).isEqualTo("bad_request");
        assertThat(ofAReply.get("requestId").asText()).isEqualTo("t2");
        assertThat(outsider.get("code").asText()).isEqualTo("forbidden");
    }
}
