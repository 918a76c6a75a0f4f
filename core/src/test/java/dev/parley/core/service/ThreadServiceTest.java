package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.handler.Replies;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.DeliveryPendingException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies counted on their root, the thread event, {@code getThread} and history without replies, on the in-memory stores. */
class ThreadServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private static Action.SendMessage send(String channelId, String clientMsgId, String text) {
        return new Action.SendMessage(channelId, clientMsgId, text, List.of(), null);
    }

    private static Action.SendMessage reply(String channelId, String clientMsgId, long threadSeq) {
        return new Action.SendMessage(channelId, clientMsgId, "reply " + clientMsgId, List.of(), threadSeq);
    }

    private Message stored(String channelId, long seq) {
        return fixture.chat.messages.get(channelId + "|" + seq);
    }

    @Test
    void send_whenReplying_countsTheReplyOnTheRootAndPublishesItsSummary() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.messages.send("alice", send(channelId, "root", "root"));

        var first = fixture.messages.send("bob", reply(channelId, "b1", 1));
        fixture.clock.advance(Duration.ofSeconds(1));
        var second = fixture.messages.send("carol", reply(channelId, "c1", 1));
        var third = fixture.messages.send("bob", reply(channelId, "b2", 1));

        assertThat(stored(channelId, 1).thread())
                .isEqualTo(new ThreadSummary(3, third.createdAt(), third.seq(), List.of("bob", "carol")));
        assertThat(stored(channelId, second.seq()).thread()).isEqualTo(ThreadSummary.NONE);
        var events = fixture.chat.published(Event.THREAD_UPDATED);
        assertThat(events).extracting(Event::eventId).containsExactly("thread:" + channelId + ":1:1", "thread:" + channelId + ":1:2",
                "thread:" + channelId + ":1:3");
        assertThat(events.getFirst().actorId()).isEqualTo("bob");
        assertThat(events.getFirst().channelId()).isEqualTo(channelId);
        assertThat(Json.write(events.get(1).frame())).isEqualTo("{\"type\":\"threadUpdated\",\"channelId\":\"" + channelId
                + "\",\"threadSeq\":1,\"replyCount\":2,\"lastReplyAt\":" + second.createdAt() + ",\"lastReplySeq\":" + second.seq()
                + ",\"lastReplierIds\":[\"carol\",\"bob\"]}");
        assertThat(first.seq()).isEqualTo(2);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(4);
    }

    @Test
    void send_whenAReplyIsResentWithItsClientMsgId_countsItOnceAndPublishesNothingAgain() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));

        var ack = fixture.messages.send("bob", reply(channelId, "b1", 1));
        var again = fixture.messages.send("bob", reply(channelId, "b1", 1));

        assertThat(again).isEqualTo(ack);
        assertThat(stored(channelId, 1).thread().replyCount()).isEqualTo(1);
        assertThat(fixture.chat.published(Event.THREAD_UPDATED)).hasSize(1);
    }

    @Test
    void send_whenAnotherReplyChangesTheRootFirst_readsTheRootAgainAndCountsBoth() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.chat.beforeRootUpdate = () -> fixture.messages.send("carol", reply(channelId, "c1", 1));

        var ack = fixture.messages.send("bob", reply(channelId, "b1", 1));

        assertThat(ack.seq()).isEqualTo(2);
        // Carol's reply took seq 3 and counted first; Bob's, at seq 2, counted after it, on the root as Carol left it.
        assertThat(stored(channelId, 1).thread()).isEqualTo(new ThreadSummary(2, ack.createdAt(), 3, List.of("bob", "carol")));
        assertThat(stored(channelId, 3).threadSeq()).isEqualTo(1L);
        assertThat(fixture.chat.published(Event.THREAD_UPDATED)).extracting(event -> event.frame().path("replyCount").asLong())
                .containsExactly(1L, 2L);
    }

    @Test
    void send_whenTheRootIsDeletedWhileTheReplyIsWritten_isConflictAndItsSeqIsSkipped() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.chat.beforeRootUpdate = () -> fixture.messages.delete("alice", new Action.DeleteMessage(channelId, 1));

        assertThatThrownBy(() -> fixture.messages.send("bob", reply(channelId, "b1", 1)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("was deleted");

        assertThat(stored(channelId, 2).skipped()).isTrue();
        assertThat(stored(channelId, 1).thread()).isEqualTo(ThreadSummary.NONE);
        assertThat(fixture.chat.published(Event.THREAD_UPDATED)).isEmpty();
    }

    @Test
    void send_whenReplyingToAReply_countsOnTheRootOfItsThread() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("bob", reply(channelId, "b1", 1));

        fixture.messages.send("alice", reply(channelId, "a1", 2));

        assertThat(stored(channelId, 1).thread().replyCount()).isEqualTo(2);
        assertThat(stored(channelId, 2).thread()).isEqualTo(ThreadSummary.NONE);
        assertThat(stored(channelId, 3).threadSeq()).isEqualTo(1L);
    }

    @Test
    void send_whenThePublishOfAReplyFails_answersDeliveryPendingAndTheResendPublishesTheSummary() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.chat.failPublishing = true;

        assertThatThrownBy(() -> fixture.messages.send("bob", reply(channelId, "b1", 1))).isInstanceOf(DeliveryPendingException.class);
        fixture.chat.failPublishing = false;
        fixture.messages.send("bob", reply(channelId, "b1", 1));

        assertThat(stored(channelId, 1).thread().replyCount()).isEqualTo(1);
        assertThat(fixture.chat.published(Event.THREAD_UPDATED)).extracting(Event::eventId)
                .containsExactly("thread:" + channelId + ":1:1");
    }

    @Test
    void recover_whenAReplyStayedPending_publishesItAndItsRootSummaryAgain() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("bob", reply(channelId, "b1", 1));
        fixture.chat.published.clear();
        fixture.clock.advance(PublishRecoveryService.GRACE.plusSeconds(1));

        fixture.recovery.recover();

        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(2);
        assertThat(fixture.chat.published(Event.THREAD_UPDATED)).extracting(Event::eventId)
                .containsExactly("thread:" + channelId + ":1:1");
    }

    @Test
    void thread_whenRepliesSpanPages_pagesThemOldestFirstWithTheRootOnEachPage() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        for (int i = 1; i <= 5; i++) {
            fixture.messages.send("bob", reply(channelId, "b" + i, 1));
            fixture.messages.send("alice", send(channelId, "main" + i, "not in the thread"));
        }

        var first = fixture.threads.thread("alice", new Action.GetThread(channelId, 1, null, 3));
        var rest = fixture.threads.thread("alice", new Action.GetThread(channelId, 1, first.replies().getLast().seq(), 3));
        var fromZero = fixture.threads.thread("bob", new Action.GetThread(channelId, 1, 0L, 50));

        assertThat(first.replies()).extracting(Message::seq).containsExactly(2L, 4L, 6L);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.root().seq()).isEqualTo(1);
        assertThat(first.root().thread().replyCount()).isEqualTo(5);
        assertThat(rest.replies()).extracting(Message::seq).containsExactly(8L, 10L);
        assertThat(rest.hasMore()).isFalse();
        assertThat(fromZero.replies()).hasSize(5).allSatisfy(reply -> assertThat(reply.threadSeq()).isEqualTo(1L));
    }

    @Test
    void thread_whenTheRootHasNoRepliesOrIsDeleted_answersItWithWhatItHas() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "quiet", "nobody answers"));
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("bob", reply(channelId, "b1", 2));
        fixture.messages.delete("alice", new Action.DeleteMessage(channelId, 2));

        var quiet = fixture.threads.thread("bob", new Action.GetThread(channelId, 1, null, 50));
        var deleted = fixture.threads.thread("bob", new Action.GetThread(channelId, 2, null, 50));

        assertThat(quiet.replies()).isEmpty();
        assertThat(quiet.hasMore()).isFalse();
        assertThat(deleted.root().deleted()).isTrue();
        assertThat(deleted.root().thread().replyCount()).isEqualTo(1);
        assertThat(deleted.replies()).extracting(Message::seq).containsExactly(3L);
        assertThatThrownBy(() -> fixture.messages.send("bob", reply(channelId, "b2", 2))).isInstanceOf(ConflictException.class);
    }

    @Test
    void thread_whenTheCallerIsNotAMember_isForbidden() {
        var channelId = fixture.groupWith("alice");
        fixture.messages.send("alice", send(channelId, "root", "root"));

        assertThatThrownBy(() -> fixture.threads.thread("mallory", new Action.GetThread(channelId, 1, null, 50)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.threads.thread("mallory", new Action.GetThread(channelId, 99, null, 50)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void thread_whenTheSeqIsAReplyMissingOrSkipped_isRefusedNamingWhy() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("bob", reply(channelId, "b1", 1));
        fixture.chat.messageStore.skip(channelId, 3, 0, null);

        assertThatThrownBy(() -> fixture.threads.thread("alice", new Action.GetThread(channelId, 2, null, 50)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("ask for thread 1");
        assertThatThrownBy(() -> fixture.threads.thread("alice", new Action.GetThread(channelId, 3, null, 50)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> fixture.threads.thread("alice", new Action.GetThread(channelId, 9, null, 50)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void thread_whenRepliesAreLong_endsThePageWithinTheResponseBudget() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "x".repeat(4_000)));
        for (int i = 1; i <= 60; i++) {
            fixture.messages.send("bob", new Action.SendMessage(channelId, "b" + i, "y".repeat(4_000), List.of(), 1L));
        }

        var page = fixture.threads.thread("alice", new Action.GetThread(channelId, 1, null, 50));
        var frame = Replies.thread("r-1", page);

        assertThat(page.replies()).hasSizeLessThan(50).isNotEmpty();
        assertThat(page.hasMore()).isTrue();
        assertThat(frame.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Limits.MAX_HISTORY_RESPONSE_BYTES);
    }

    @Test
    void history_whenExcludingReplies_showsEachReplyAsAPlaceholderAtItsSeq() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("bob", reply(channelId, "b1", 1));
        fixture.messages.send("alice", send(channelId, "m2", "main"));
        fixture.messages.send("bob", reply(channelId, "b2", 1));

        var full = fixture.channels.history("alice", new Action.GetHistory(channelId, null, null, 50, false));
        var main = fixture.channels.history("alice", new Action.GetHistory(channelId, null, null, 50, true));
        var older = fixture.channels.history("alice", new Action.GetHistory(channelId, 4L, null, 2, true));
        var frame = Json.parseTrusted(Replies.history("r-1", main));

        assertThat(main.messages()).extracting(Message::seq).isEqualTo(full.messages().stream().map(Message::seq).toList());
        assertThat(older.messages()).extracting(Message::seq).containsExactly(2L, 3L);
        assertThat(older.hasMore()).isTrue();
        var shown = frame.path("messages");
        assertThat(shown).hasSize(4);
        assertThat(shown.get(0).path("replyCount").asLong()).isEqualTo(2);
        assertThat(shown.get(1).toString()).isEqualTo("{\"channelId\":\"" + channelId + "\",\"seq\":2,\"threadReply\":true,"
                + "\"threadSeq\":1,\"createdAt\":" + stored(channelId, 2).createdAt() + "}");
        assertThat(shown.get(2).path("text").asText()).isEqualTo("main");
        assertThat(shown.get(3).path("threadReply").asBoolean()).isTrue();
        assertThat(shown.get(3).has("text")).isFalse();
        var withReplies = Json.parseTrusted(Replies.history("r-2", full)).path("messages");
        assertThat(withReplies.get(1).path("text").asText()).isEqualTo("reply b1");
        assertThat(withReplies.get(1).path("threadSeq").asLong()).isEqualTo(1);
    }
}
