package dev.parley.functions.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChannelsIT {

    private static ChatEngines engines;
    private static ChannelsHandler handler;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        handler = new ChannelsHandler(engines.functionEnvironment());
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static JsonNode ask(String userId, String frame) {
        return Json.parseTrusted(handler.handleRequest(LambdaEvents.webSocket("x", "conn-" + userId, userId, frame),
                new TestContext("channels")).getBody());
    }

    private static void message(String channelId, long seq) {
        engines.dynamoDb().putItem(r -> r.tableName(engines.get("MESSAGES_TABLE")).item(Map.of(
                "channelId", AttributeValue.fromS(channelId), "seq", AttributeValue.fromN(Long.toString(seq)),
                "messageId", AttributeValue.fromS("m-" + seq), "senderId", AttributeValue.fromS("alice"),
                "text", AttributeValue.fromS("message " + seq), "createdAt", AttributeValue.fromN("1"),
                "reactions", AttributeValue.fromM(Map.of()))));
        engines.dynamoDb().updateItem(r -> r.tableName(engines.get("CHANNELS_TABLE"))
                .key(Map.of("channelId", AttributeValue.fromS(channelId))).updateExpression("SET lastSeq = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromN(Long.toString(seq)))));
    }

    @Test
    void channelLifecycle_whenCreatedJoinedReadAndLeft_keepsCountsAndUnreadRight() {
        var created = ask("alice", "{\"action\":\"createChannel\",\"requestId\":\"create-1\",\"name\":\"ops\",\"kind\":\"group\","
                + "\"members\":[\"bob\"]}");
        var channelId = created.get("channel").get("channelId").asText();
        var retried = ask("alice", "{\"action\":\"createChannel\",\"requestId\":\"create-1\",\"name\":\"ops\",\"kind\":\"group\","
                + "\"members\":[\"bob\"]}");
        ask("carol", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        ask("carol", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        for (long seq = 1; seq <= 5; seq++) {
            message(channelId, seq);
        }
        ask("bob", "{\"action\":\"markRead\",\"channelId\":\"" + channelId + "\",\"seq\":3}");
        var back = ask("bob", "{\"action\":\"markRead\",\"channelId\":\"" + channelId + "\",\"seq\":1}");
        var bobsChannels = ask("bob", "{\"action\":\"listChannels\"}");
        var members = ask("bob", "{\"action\":\"listMembers\",\"channelId\":\"" + channelId + "\"}");
        var left = ask("carol", "{\"action\":\"leaveChannel\",\"channelId\":\"" + channelId + "\"}");

        assertThat(retried.get("channel").get("channelId").asText()).isEqualTo(channelId);
        assertThat(back.get("seq").asLong()).isEqualTo(3);
        assertThat(bobsChannels.get("channels")).singleElement().satisfies(c -> {
            assertThat(c.get("unread").asLong()).isEqualTo(2);
            assertThat(c.get("memberCount").asLong()).isEqualTo(3);
        });
        assertThat(members.get("members")).hasSize(3);
        assertThat(left.get("type").asText()).isEqualTo("left");
        var channel = engines.dynamoDb().getItem(r -> r.tableName(engines.get("CHANNELS_TABLE"))
                .key(Map.of("channelId", AttributeValue.fromS(channelId))).consistentRead(true)).item();
        assertThat(channel.get("memberCount").n()).isEqualTo("2");
    }

    @Test
    void directChannel_whenCreatedFromEitherSide_isOneChannel() {
        var fromAlice = ask("alice", "{\"action\":\"createChannel\",\"kind\":\"direct\",\"members\":[\"zoe\"]}");
        var fromZoe = ask("zoe", "{\"action\":\"createChannel\",\"kind\":\"direct\",\"members\":[\"alice\"]}");

        assertThat(fromZoe.get("channel").get("channelId")).isEqualTo(fromAlice.get("channel").get("channelId"));
        assertThat(ask("mallory", "{\"action\":\"joinChannel\",\"channelId\":\"" + fromAlice.get("channel").get("channelId").asText()
                + "\"}").get("code").asText()).isEqualTo("forbidden");
        assertThat(ask("zoe", "{\"action\":\"joinChannel\",\"channelId\":\"" + fromAlice.get("channel").get("channelId").asText()
                + "\"}").get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void createChannel_whenTheRequestIdIsReusedForAnotherChannel_isConflictAndTheRetryStillFindsTheFirst() {
        var frame = "{\"action\":\"createChannel\",\"requestId\":\"r1\",\"name\":\"%s\",\"kind\":\"group\",\"members\":[\"ben\"]}";
        var first = ask("rita", frame.formatted("ops"));
        var other = ask("rita", frame.formatted("sales"));
        var retry = ask("rita", frame.formatted("ops"));
        var someoneElse = ask("sam", frame.formatted("ops"));

        var channelId = first.get("channel").get("channelId").asText();
        assertThat(channelId).matches("c-[0-9a-z]{26}");
        assertThat(other.get("code").asText()).isEqualTo("conflict");
        assertThat(other.get("requestId").asText()).isEqualTo("r1");
        assertThat(retry.get("channel").get("channelId").asText()).isEqualTo(channelId);
        assertThat(someoneElse.get("channel").get("channelId").asText()).isNotEqualTo(channelId);
        assertThat(ask("rita", "{\"action\":\"listChannels\"}").get("channels")).hasSize(1);
    }

    @Test
    void privateChannel_whenAnOutsiderJoins_isForbiddenUntilAMemberAddsThem() {
        var channelId = ask("pia", "{\"action\":\"createChannel\",\"name\":\"board\",\"kind\":\"private\",\"members\":[\"quin\"]}")
                .get("channel").get("channelId").asText();
        message(channelId, 1);

        var refused = ask("otto", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        var added = ask("quin", "{\"action\":\"addMembers\",\"channelId\":\"" + channelId + "\",\"userIds\":[\"otto\"]}");
        var joined = ask("otto", "{\"action\":\"joinChannel\",\"channelId\":\"" + channelId + "\"}");
        var history = ask("otto", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\"}");

        assertThat(refused.get("code").asText()).isEqualTo("forbidden");
        assertThat(added.get("channel").get("kind").asText()).isEqualTo("private");
        assertThat(added.get("channel").get("memberCount").asLong()).isEqualTo(3);
        assertThat(joined.get("channel").get("memberCount").asLong()).isEqualTo(3);
        assertThat(seqs(history)).containsExactly(1L);
    }

    @Test
    void getHistory_whenPaging_returnsOldestFirstAndHasMore() {
        var channelId = ask("dora", "{\"action\":\"createChannel\",\"name\":\"history\",\"kind\":\"group\"}")
                .get("channel").get("channelId").asText();
        for (long seq = 1; seq <= 7; seq++) {
            message(channelId, seq);
        }

        var latest = ask("dora", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\",\"limit\":3}");
        var older = ask("dora", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\",\"beforeSeq\":5,\"limit\":3}");
        var gap = ask("dora", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\",\"afterSeq\":5}");
        var outsider = ask("eve", "{\"action\":\"getHistory\",\"channelId\":\"" + channelId + "\"}");

        assertThat(seqs(latest)).containsExactly(5L, 6L, 7L);
        assertThat(latest.get("hasMore").asBoolean()).isTrue();
        assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
        assertThat(seqs(gap)).containsExactly(6L, 7L);
        assertThat(gap.get("hasMore").asBoolean()).isFalse();
        assertThat(outsider.get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void listChannels_whenAUserHasManyChannels_pagesWithACursor() {
        // Each room has its own creator, so that no creator meets the per-user limit of createChannel.
        for (int i = 0; i < 55; i++) {
            ask("host" + i, "{\"action\":\"createChannel\",\"name\":\"room " + i + "\",\"kind\":\"group\",\"members\":[\"paula\"]}");
        }

        var first = ask("paula", "{\"action\":\"listChannels\"}");
        var second = ask("paula", "{\"action\":\"listChannels\",\"cursor\":\"" + first.get("cursor").asText() + "\"}");
        var bogus = ask("paula", "{\"action\":\"listChannels\",\"cursor\":\"bm90LWEtY3Vyc29y\"}");

        assertThat(first.get("channels")).hasSize(50);
        assertThat(second.get("channels")).hasSize(5);
        assertThat(second.get("cursor").isNull()).isTrue();
        assertThat(bogus.get("code").asText()).isEqualTo("bad_request");
    }

    private static java.util.List<Long> seqs(JsonNode history) {
        var seqs = new ArrayList<Long>();
        history.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = ChannelsHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
