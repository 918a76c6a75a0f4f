package dev.parley.local;

import static dev.parley.local.RunningLocal.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Threads end to end through Parley Local: replies counted on their root, the live summary, getThread and history without replies. */
class ThreadsIT {

    private static Endpoints endpoints;

    @BeforeAll
    static void start() throws Exception {
        endpoints = RunningLocal.endpoints();
    }

    @Test
    void thread_whenMembersReplyAndOneResends_countsEachReplyOnceAndEveryoneSeesTheSummaryLive() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var carol = unique("carol");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob);
             var c = ChatClient.connect(endpoints, carol)) {
            var created = a.call("createChannel", "name", "threads", "kind", "group", "members", List.of(bob, carol));
            var channelId = created.get("channel").get("channelId").asText();
            b.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));
            c.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));
            var root = a.call("sendMessage", "channelId", channelId, "clientMsgId", "root", "text", "shall we ship?");
            assertThat(root.get("seq").asLong()).isEqualTo(1);

            var first = b.call("sendMessage", "channelId", channelId, "clientMsgId", "b1", "text", "yes", "threadSeq", 1);
            var resent = b.call("sendMessage", "channelId", channelId, "clientMsgId", "b1", "text", "yes", "threadSeq", 1);
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "main", "text", "meanwhile, in the channel");
            var second = c.call("sendMessage", "channelId", channelId, "clientMsgId", "c1", "text", "after lunch", "threadSeq",
                    first.get("seq").asLong());

            assertThat(resent.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
            assertThat(first.get("seq").asLong()).isEqualTo(2);
            assertThat(second.get("seq").asLong()).isEqualTo(4);
            var summary = a.awaitEvent("threadUpdated", e -> e.get("channelId").asText().equals(channelId)
                    && e.get("replyCount").asLong() == 2);
            assertThat(summary.get("threadSeq").asLong()).isEqualTo(1);
            assertThat(summary.get("lastReplySeq").asLong()).isEqualTo(4);
            assertThat(summary.get("lastReplierIds")).extracting(node -> node.asText()).containsExactly(carol, bob);
            c.awaitEvent("threadUpdated", e -> e.get("channelId").asText().equals(channelId) && e.get("replyCount").asLong() == 1);
            var replyEvent = a.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId) && e.get("seq").asLong() == 4);
            assertThat(replyEvent.get("threadSeq").asLong()).isEqualTo(1);
            assertThat(a.received("threadUpdated")).filteredOn(e -> e.get("channelId").asText().equals(channelId))
                    .extracting(e -> e.get("replyCount").asLong()).doesNotContain(3L);

            var thread = a.call("getThread", "channelId", channelId, "threadSeq", 1);
            assertThat(thread.get("type").asText()).as(thread.toString()).isEqualTo("thread");
            assertThat(thread.get("threadSeq").asLong()).isEqualTo(1);
            assertThat(thread.get("root").get("text").asText()).isEqualTo("shall we ship?");
            assertThat(thread.get("root").get("replyCount").asLong()).isEqualTo(2);
            assertThat(thread.get("root").get("lastReplySeq").asLong()).isEqualTo(4);
            assertThat(thread.get("replies")).extracting(r -> r.get("text").asText()).containsExactly("yes", "after lunch");
            assertThat(thread.get("hasMore").asBoolean()).isFalse();
            var paged = b.call("getThread", "channelId", channelId, "threadSeq", 1, "limit", 1);
            assertThat(paged.get("replies")).extracting(r -> r.get("seq").asLong()).containsExactly(2L);
            assertThat(paged.get("hasMore").asBoolean()).isTrue();
            var rest = b.call("getThread", "channelId", channelId, "threadSeq", 1, "afterSeq", 2);
            assertThat(rest.get("replies")).extracting(r -> r.get("seq").asLong()).containsExactly(4L);
            assertThat(rest.get("hasMore").asBoolean()).isFalse();
        }
    }

    @Test
    void history_whenRepliesAreExcluded_keepsEverySeqWithRepliesAsPlaceholders() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var created = a.call("createChannel", "name", "timeline", "kind", "group", "members", List.of(bob));
            var channelId = created.get("channel").get("channelId").asText();
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "root", "text", "root");
            b.call("sendMessage", "channelId", channelId, "clientMsgId", "r1", "text", "a reply", "threadSeq", 1);
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "main", "text", "main line");

            var main = b.call("getHistory", "channelId", channelId, "afterSeq", 0, "excludeReplies", true);
            var full = b.call("getHistory", "channelId", channelId, "afterSeq", 0);

            assertThat(main.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(main.get("messages").get(0).get("replyCount").asLong()).isEqualTo(1);
            assertThat(main.get("messages").get(1).get("threadReply").asBoolean()).isTrue();
            assertThat(main.get("messages").get(1).get("threadSeq").asLong()).isEqualTo(1);
            assertThat(main.get("messages").get(1).has("text")).isFalse();
            assertThat(main.get("messages").get(2).get("text").asText()).isEqualTo("main line");
            assertThat(full.get("messages").get(1).get("text").asText()).isEqualTo("a reply");
        }
    }

    @Test
    void getThread_whenRefused_answersErrorFramesWithTheRequestId() throws Exception {
        var alice = unique("alice");
        var mallory = unique("mallory");
        try (var a = ChatClient.connect(endpoints, alice); var m = ChatClient.connect(endpoints, mallory)) {
            var created = a.call("createChannel", "name", "closed", "kind", "private");
            var channelId = created.get("channel").get("channelId").asText();
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "root", "text", "root");
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "r1", "text", "reply", "threadSeq", 1);

            var outsider = m.call("getThread", "channelId", channelId, "threadSeq", 1);
            var ofAReply = a.call("getThread", "channelId", channelId, "threadSeq", 2);
            var missing = a.call("getThread", "channelId", channelId, "threadSeq", 99);
            var malformed = a.call("getThread", "channelId", channelId, "threadSeq", 0);

            assertThat(outsider.get("code").asText()).isEqualTo("forbidden");
            assertThat(ofAReply.get("code").asText()).isEqualTo("bad_request");
            assertThat(ofAReply.get("message").asText()).contains("ask for thread 1");
            assertThat(missing.get("code").asText()).isEqualTo("not_found");
            assertThat(malformed.get("code").asText()).isEqualTo("bad_request");
            assertThat(List.of(outsider, ofAReply, missing, malformed)).allSatisfy(error -> assertThat(error.has("requestId")).isTrue());
        }
    }
}
