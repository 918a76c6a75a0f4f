package dev.parley.local;

import static dev.parley.local.RunningLocal.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every action and event of the wire protocol, end to end through Parley Local with real WebSocket clients. */
class ChatIT {

    private static Endpoints endpoints;

    @BeforeAll
    static void start() throws Exception {
        endpoints = RunningLocal.endpoints();
    }

    private static String channel(ChatClient owner, List<String> members) throws Exception {
        var created = owner.call("createChannel", "name", "team", "kind", "group", "members", members);
        assertThat(created.get("type").asText()).as(created.toString()).isEqualTo("channel");
        return created.get("channel").get("channelId").asText();
    }

    @Test
    void chat_whenTwoUsersTalkAndOneHasThreeDevices_everyDeviceGetsEveryMessageInOrder() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b1 = ChatClient.connect(endpoints, bob);
             var b2 = ChatClient.connect(endpoints, bob); var b3 = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            b1.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));

            var acks = new ArrayList<JsonNode>();
            for (int i = 1; i <= 3; i++) {
                acks.add(a.call("sendMessage", "channelId", channelId, "clientMsgId", "m" + i, "text", "hello " + i));
            }
            var resent = a.call("sendMessage", "channelId", channelId, "clientMsgId", "m2", "text", "hello 2");

            assertThat(acks).extracting(ack -> ack.get("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(resent.get("seq").asLong()).isEqualTo(2);
            for (var device : List.of(b1, b2, b3)) {
                for (long seq = 1; seq <= 3; seq++) {
                    final var expected = seq;
                    var message = device.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId)
                            && e.get("seq").asLong() == expected);
                    assertThat(message.get("senderId").asText()).isEqualTo(alice);
                    assertThat(message.get("text").asText()).isEqualTo("hello " + expected);
                }
            }
            var history = b1.call("getHistory", "channelId", channelId, "limit", 2);
            assertThat(history.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
            assertThat(history.get("hasMore").asBoolean()).isTrue();
            var gap = b1.call("getHistory", "channelId", channelId, "afterSeq", 1);
            assertThat(gap.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
            var channels = b2.call("listChannels");
            assertThat(channels.get("channels")).anySatisfy(c -> {
                assertThat(c.get("channelId").asText()).isEqualTo(channelId);
                assertThat(c.get("unread").asLong()).isEqualTo(3);
            });
            var read = b3.call("markRead", "channelId", channelId, "seq", 3);
            assertThat(read.get("seq").asLong()).isEqualTo(3);
            a.awaitEvent("read", e -> e.get("userId").asText().equals(bob));
            var members = a.call("listMembers", "channelId", channelId);
            assertThat(members.get("members")).hasSize(2);
        }
    }

    @Test
    void messages_whenEditedReactedToAndDeleted_tellEveryMember() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "x", "text", "draft");
            var root = 1L;
            var reply = a.call("sendMessage", "channelId", channelId, "clientMsgId", "y", "text", "in thread", "threadSeq", root);
            assertThat(reply.get("type").asText()).isEqualTo("ack");

            assertThat(a.call("editMessage", "channelId", channelId, "seq", 1, "text", "final").get("type").asText()).isEqualTo("ack");
            assertThat(b.call("react", "channelId", channelId, "seq", 1, "emoji", "🎉").get("type").asText()).isEqualTo("ack");
            assertThat(b.call("editMessage", "channelId", channelId, "seq", 1, "text", "hijack").get("code").asText())
                    .isEqualTo("forbidden");
            assertThat(a.call("deleteMessage", "channelId", channelId, "seq", 2).get("type").asText()).isEqualTo("ack");

            b.awaitEvent("message", e -> e.path("threadSeq").asLong() == 1);
            b.awaitEvent("messageEdited", e -> e.get("text").asText().equals("final"));
            a.awaitEvent("reaction", e -> e.get("emoji").asText().equals("🎉") && e.get("userId").asText().equals(bob));
            b.awaitEvent("messageDeleted", e -> e.get("seq").asLong() == 2);
            var history = b.call("getHistory", "channelId", channelId);
            assertThat(history.get("messages").get(0).get("text").asText()).isEqualTo("final");
            assertThat(history.get("messages").get(0).get("reactions").get("🎉").get(0).asText()).isEqualTo(bob);
            assertThat(history.get("messages").get(1).get("deleted").asBoolean()).isTrue();
        }
    }

    @Test
    void mentions_whenAMessageNamesMembersAndOthers_carryTheMembersIdsInTheAckTheEventAndHistory() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var stranger = unique("stranger");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            var text = "<!here> <@" + bob + "> and <@" + stranger + ">, not mail@" + bob + " or @" + bob;

            var ack = a.call("sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", text);

            var expected = "{\"userIds\":[\"" + bob + "\"],\"here\":true,\"channel\":false}";
            assertThat(ack.get("mentions").toString()).as(ack.toString()).isEqualTo(expected);
            var event = b.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId));
            assertThat(event.get("text").asText()).isEqualTo(text);
            assertThat(event.get("mentions").toString()).isEqualTo(expected);
            var history = b.call("getHistory", "channelId", channelId);
            assertThat(history.get("messages").get(0).get("mentions").toString()).isEqualTo(expected);
        }
    }

    @Test
    void mentions_whenEveryoneIsCalledOnInALargeChannel_areForTheOwnerOnly() throws Exception {
        var owner = unique("olga");
        var member = unique("max");
        var others = new ArrayList<String>(List.of(member));
        for (int i = 0; i < 50; i++) {
            others.add(unique("user" + i));
        }
        try (var o = ChatClient.connect(endpoints, owner); var m = ChatClient.connect(endpoints, member)) {
            var channelId = channel(o, others);

            var refused = m.call("sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", "<!channel> lunch?");
            var accepted = o.call("sendMessage", "channelId", channelId, "clientMsgId", "o1", "text", "<!channel> release at noon");

            assertThat(refused.get("code").asText()).as(refused.toString()).isEqualTo("forbidden");
            assertThat(accepted.get("mentions").get("channel").asBoolean()).as(accepted.toString()).isTrue();
            var event = m.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId));
            assertThat(event.get("seq").asLong()).isEqualTo(1);
            assertThat(event.get("mentions").get("channel").asBoolean()).isTrue();
        }
    }

    @Test
    void presenceAndTyping_whenUsersComeAndGo_areSeenByWatchersAndMembers() throws Exception {
        var watcher = unique("wendy");
        var carol = unique("carol");
        try (var w = ChatClient.connect(endpoints, watcher)) {
            var channelId = channel(w, List.of(carol));
            var snapshot = w.call("subscribePresence", "userIds", List.of(carol, unique("stranger")));
            assertThat(snapshot.get("users")).singleElement()
                    .satisfies(user -> assertThat(user.get("status").asText()).isEqualTo("offline"));
            try (var c = ChatClient.connect(endpoints, carol)) {
                w.awaitEvent("presence", e -> e.path("userId").asText().equals(carol) && e.path("status").asText().equals("online"));
                c.send("{\"action\":\"typing\",\"channelId\":\"" + channelId + "\"}");
                w.awaitEvent("typing", e -> e.get("userId").asText().equals(carol));
                assertThat(c.call("ping").get("type").asText()).isEqualTo("pong");
            }
            w.awaitEvent("presence", e -> e.path("userId").asText().equals(carol) && e.path("status").asText().equals("offline"));
        }
    }

    private static HttpResponse<String> putUpload(JsonNode upload, byte[] bytes) throws Exception {
        return ChatClient.HTTP.send(HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void attachments_whenUploadedThroughThePresignedUrl_reachMembersAndDownloadAsTheyWerePosted() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            var bytes = "quarterly numbers".getBytes(StandardCharsets.UTF_8);
            var upload = a.call("requestUpload", "channelId", channelId, "fileName", "numbers.csv", "contentType", "text/csv",
                    "size", bytes.length);
            var put = putUpload(upload, bytes);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            var uploadKey = upload.get("key").asText();

            a.call("sendMessage", "channelId", channelId, "clientMsgId", "file", "text", "see attached",
                    "attachments", List.of(Map.of("key", uploadKey)));
            var message = b.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId));
            var key = message.get("attachments").get(0).get("key").asText();
            assertThat(key).startsWith("attachments/" + channelId + "/").endsWith("/numbers.csv");
            var again = putUpload(upload, "doctored numbers!".getBytes(StandardCharsets.UTF_8));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            var download = b.call("getAttachmentUrl", "channelId", channelId, "key", key);
            var fetched = ChatClient.HTTP.send(HttpRequest.newBuilder(URI.create(download.get("url").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(bytes);
            try (var eve = ChatClient.connect(endpoints, unique("eve"))) {
                assertThat(eve.call("getAttachmentUrl", "channelId", channelId, "key", key).get("code").asText()).isEqualTo("forbidden");
            }
        }
    }

    @Test
    void badFrames_whenSent_areAnsweredWithErrorsAndTheConnectionStaysOpen() throws Exception {
        try (var a = ChatClient.connect(endpoints, unique("alice"))) {
            var unknown = a.call("teleport");
            a.send("this is not json");
            var garbage = a.await(f -> "error".equals(f.path("type").asText()) && "bad_request".equals(f.path("code").asText()),
                    Duration.ofSeconds(20));
            var missingField = a.call("sendMessage", "text", "no channel");
            var forbidden = a.call("getHistory", "channelId", "c-not-mine");

            assertThat(unknown.get("code").asText()).isEqualTo("unknown_action");
            assertThat(garbage.get("message").asText()).isNotBlank();
            assertThat(missingField.get("code").asText()).isEqualTo("bad_request");
            assertThat(forbidden.get("code").asText()).isEqualTo("forbidden");
            assertThat(a.call("ping").get("type").asText()).isEqualTo("pong");
            assertThat(a.isOpen()).isTrue();
        }
    }

    @Test
    void directChannels_whenOpenedFromBothSides_areOneChannel() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var fromA = a.call("createChannel", "kind", "direct", "members", List.of(bob));
            var fromB = b.call("createChannel", "kind", "direct", "members", List.of(alice));
            assertThat(fromB.get("channel").get("channelId")).isEqualTo(fromA.get("channel").get("channelId"));
            var joined = b.call("joinChannel", "channelId", fromA.get("channel").get("channelId").asText());
            assertThat(joined.get("code").asText()).isEqualTo("forbidden");
            var group = channel(a, List.of());
            assertThat(b.call("joinChannel", "channelId", group).get("channel").get("memberCount").asInt()).isEqualTo(2);
            a.awaitEvent("memberJoined", e -> e.get("userId").asText().equals(bob) && e.get("channelId").asText().equals(group));
            assertThat(b.call("leaveChannel", "channelId", group).get("type").asText()).isEqualTo("left");
            a.awaitEvent("memberLeft", e -> e.get("userId").asText().equals(bob));
            assertThat(a.call("registerDevice", "platform", "fcm", "deviceToken", "token-" + alice).get("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void limits_whenAFrameOrMessageIsTooLarge_closeTheConnectionWith1009() throws Exception {
        var uri = URI.create(endpoints.websocketUrl() + "?token=" + ChatClient.token(endpoints, unique("big")));
        try (var big = RawWebSocket.connect(uri)) {
            big.sendSingleFrame("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(40 * 1024) + "\"}");
            assertThat(big.awaitCloseCode()).isEqualTo(1009);
        }
        try (var huge = ChatClient.connect(endpoints, unique("huge"))) {
            var parts = new ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                parts.add("y".repeat(24 * 1024));
            }
            huge.sendFragments(parts);
            assertThat(huge.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }
}
