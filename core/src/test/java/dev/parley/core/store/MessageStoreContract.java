package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.Limits;
import dev.parley.core.store.HistoryStore.Sequence;
import dev.parley.core.store.MessageStore.ThreadUpdate;
import dev.parley.core.store.MessageStore.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@link MessageStore}, its read side {@link HistoryStore} and the thread index {@link ThreadStore} promise,
 * whatever keeps them: run against the in-memory fake and against DynamoDB.
 */
public abstract class MessageStoreContract {

    /** Creates the channels whose counters hand out seqs. */
    protected abstract ChannelStore channels();

    protected abstract MessageStore messages();

    /** The history port over the same messages(). */
    protected abstract HistoryStore history();

    /** The thread port over the same messages(). */
    protected abstract ThreadStore threads();

    @Test
    void write_whenRepliesCarryTheirThreadUpdate_countsEachOnTheRootAndListsThemInTheThread() {
        var id = newChannel();
        write(message(id, 1, "alice", "root", "m1"));
        write(message(id, 2, "bob", "not in the thread", "b1"));
        var first = reply(id, 3, "bob", 1, "b2");
        var afterFirst = ThreadSummary.NONE.after(first);
        writeReply(first, new ThreadUpdate(1, ThreadSummary.NONE, afterFirst));
        var second = reply(id, 4, "carol", 1, "c1");
        writeReply(second, new ThreadUpdate(1, afterFirst, afterFirst.after(second)));

        assertThat(history().find(id, 1)).get().extracting(Message::thread)
                .isEqualTo(new ThreadSummary(2, second.createdAt(), 4, List.of("carol", "bob")));
        assertThat(history().find(id, 3)).get().satisfies(m -> {
            assertThat(m.threadSeq()).isEqualTo(1L);
            assertThat(m.thread()).isEqualTo(ThreadSummary.NONE);
        });
        assertThat(threads().replies(id, 1, 0, 10)).extracting(Message::seq).containsExactly(3L, 4L);
        assertThat(threads().replies(id, 1, 3, 10)).extracting(Message::text).containsExactly("reply c1");
        assertThat(threads().replies(id, 1, 0, 1)).extracting(Message::seq).containsExactly(3L);
        assertThat(threads().replies(id, 2, 0, 10)).isEmpty();
        assertThat(history().range(id, null, null, 10, false)).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void write_whenTheRootSummaryChangedOrTheRootIsDeleted_isRootChangedAndWritesNothing() {
        var id = newChannel();
        write(message(id, 1, "alice", "root", "m1"));
        var first = reply(id, 2, "bob", 1, "b1");
        writeReply(first, new ThreadUpdate(1, ThreadSummary.NONE, ThreadSummary.NONE.after(first)));
        var stale = reply(id, messages().allocate(id, 3_000L).orElseThrow(), "carol", 1, "c1");

        var result = messages().write(stale, dedupKey(id, "carol", "c1"), 99L,
                new ThreadUpdate(1, ThreadSummary.NONE, ThreadSummary.NONE.after(stale)));
        messages().delete(id, 1, 4_000L);
        var afterDelete = messages().write(stale, dedupKey(id, "carol", "c1"), 99L,
                new ThreadUpdate(1, ThreadSummary.NONE.after(first), ThreadSummary.NONE.after(first).after(stale)));

        assertThat(result).isEqualTo(WriteResult.ROOT_CHANGED);
        assertThat(afterDelete).isEqualTo(WriteResult.ROOT_CHANGED);
        assertThat(messages().find(id, stale.seq())).isEmpty();
        assertThat(messages().findDedup(dedupKey(id, "carol", "c1"))).isEmpty();
        assertThat(history().find(id, 1)).get().satisfies(root -> {
            assertThat(root.deleted()).isTrue();
            assertThat(root.thread().replyCount()).isEqualTo(1);
        });
    }

    @Test
    void write_whenAReplyIsWrittenAgainUnderItsDedupKey_isDuplicateAndCountedOnce() {
        var id = newChannel();
        write(message(id, 1, "alice", "root", "m1"));
        var reply = reply(id, 2, "bob", 1, "b1");
        var update = new ThreadUpdate(1, ThreadSummary.NONE, ThreadSummary.NONE.after(reply));
        writeReply(reply, update);
        var again = reply(id, messages().allocate(id, 3_000L).orElseThrow(), "bob", 1, "b1");

        var result = messages().write(again, dedupKey(id, "bob", "b1"), 99L,
                new ThreadUpdate(1, update.next(), update.next().after(again)));

        assertThat(result).isEqualTo(WriteResult.DUPLICATE);
        assertThat(history().find(id, 1)).get().extracting(m -> m.thread().replyCount()).isEqualTo(1L);
        assertThat(threads().replies(id, 1, 0, 10)).extracting(Message::seq).containsExactly(2L);
    }

    @Test
    void editReactDelete_ofARoot_keepItsThreadSummary() {
        var id = newChannel();
        write(message(id, 1, "alice", "root", "m1"));
        var reply = reply(id, 2, "bob", 1, "b1");
        var summary = ThreadSummary.NONE.after(reply);
        writeReply(reply, new ThreadUpdate(1, ThreadSummary.NONE, summary));

        assertThat(messages().edit(id, 1, "alice", "edited root", 3_000L)).get().extracting(Message::thread).isEqualTo(summary);
        assertThat(messages().react(id, 1, "👍", "bob", false)).get().extracting(Message::thread).isEqualTo(summary);
        assertThat(messages().delete(id, 1, 4_000L)).get().extracting(Message::thread).isEqualTo(summary);
        assertThat(messages().delete(id, 2, 5_000L)).get().satisfies(tombstone -> assertThat(tombstone.threadSeq()).isEqualTo(1L));
        assertThat(threads().replies(id, 1, 0, 10)).singleElement().extracting(Message::deleted).isEqualTo(true);
    }

    @Test
    void history_whenMessagesWrittenAndSkipped_readsThemBack() {
        var id = newChannel();
        write(message(id, 1, "alice", "one", "m1"));
        var lost = messages().allocate(id, 2_000L).orElseThrow();
        write(message(id, 3, "alice", "three", "m3"));

        var skipped = history().skip(id, lost, 2_500L, null);

        assertThat(skipped).isTrue();
        assertThat(history().skip(id, 1, 2_600L, null)).isFalse();
        assertThat(history().find(id, 1)).get().extracting(Message::text).isEqualTo("one");
        assertThat(history().find(id, lost)).get().extracting(Message::skipped).isEqualTo(true);
        assertThat(history().find(id, 9)).isEmpty();
        assertThat(history().range(id, null, null, 10, true)).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(history().sequence(id)).contains(new Sequence(3L, 1_003L));
        assertThat(history().sequence("c-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void allocate_thenWrite_storesMessageChannelSeqAndDedup() {
        var id = newChannel();

        var seq = messages().allocate(id, 500L);
        var result = messages().write(message(id, seq.orElseThrow(), "alice", "hello", "m1"), dedupKey(id, "alice", "m1"), 99L);

        assertThat(seq).hasValue(1L);
        assertThat(result).isEqualTo(WriteResult.WRITTEN);
        assertThat(channels().find(id)).get().extracting(Channel::lastSeq).isEqualTo(1L);
        assertThat(messages().sequence(id)).contains(new Sequence(1L, 500L));
        assertThat(messages().findDedup(dedupKey(id, "alice", "m1"))).contains(1L);
        assertThat(messages().find(id, 1)).get().satisfies(m -> {
            assertThat(m.text()).isEqualTo("hello");
            assertThat(m.deleted()).isFalse();
            assertThat(m.skipped()).isFalse();
            assertThat(m.reactions()).isEmpty();
            assertThat(m.clientMsgId()).isEqualTo("m1");
            assertThat(m.mentions()).isEqualTo(Mentions.NONE);
        });
    }

    @Test
    void write_whenSeqHoldsSomething_isSeqTakenAndWritesNothing() {
        var id = newChannel();
        write(message(id, 1, "alice", "one", "m1"));

        var result = messages().write(message(id, 1, "bob", "also one", "b1"), dedupKey(id, "bob", "b1"), 99L);

        assertThat(result).isEqualTo(WriteResult.SEQ_TAKEN);
        assertThat(messages().findDedup(dedupKey(id, "bob", "b1"))).isEmpty();
        assertThat(messages().find(id, 1)).get().extracting(Message::senderId).isEqualTo("alice");
    }

    @Test
    void write_whenDedupKeyExists_isDuplicateAndWritesNothing() {
        var id = newChannel();
        write(message(id, 1, "alice", "one", "m1"));

        var result = messages().write(message(id, messages().allocate(id, 2L).orElseThrow(), "alice", "one again", "m1"),
                dedupKey(id, "alice", "m1"), 99L);

        assertThat(result).isEqualTo(WriteResult.DUPLICATE);
        assertThat(messages().find(id, 2)).isEmpty();
        assertThat(messages().findDedup(dedupKey(id, "alice", "m1"))).contains(1L);
    }

    @Test
    void allocate_whenNoChannel_isEmptyAndCreatesNothing() {
        var id = "c-" + UUID.randomUUID();

        assertThat(messages().allocate(id, 1L)).isEmpty();
        assertThat(channels().find(id)).isEmpty();
        assertThat(messages().sequence(id)).isEmpty();
    }

    @Test
    void allocate_whenTheChannelIsArchived_isEmptyUntilUnarchived() {
        var id = newChannel();
        channels().setArchived(id, true);

        assertThat(messages().allocate(id, 1L)).isEmpty();
        assertThat(channels().find(id)).get().extracting(Channel::lastSeq).isEqualTo(0L);

        channels().setArchived(id, false);
        assertThat(messages().allocate(id, 2L)).hasValue(1L);
    }

    @Test
    void skip_whenSeqIsFree_storesSkippedEntryThatTakesNoEditsOrReactions() {
        var id = newChannel();
        var seq = messages().allocate(id, 1L).orElseThrow();

        var skipped = messages().skip(id, seq, 7L, null);
        var again = messages().skip(id, seq, 8L, null);

        assertThat(skipped).isTrue();
        assertThat(again).isFalse();
        assertThat(messages().find(id, seq)).get().satisfies(m -> {
            assertThat(m.skipped()).isTrue();
            assertThat(m.createdAt()).isEqualTo(7L);
        });
        assertThat(messages().write(message(id, seq, "alice", "late", "m1"), dedupKey(id, "alice", "m1"), 99L))
                .isEqualTo(WriteResult.SEQ_TAKEN);
        assertThat(messages().edit(id, seq, "", "text", 9L)).isEmpty();
        assertThat(messages().react(id, seq, "👍", "bob", false)).isEmpty();
        assertThat(messages().delete(id, seq, 9L)).isEmpty();
    }

    @Test
    void skip_whenMessageStored_leavesItAlone() {
        var id = newChannel();
        write(message(id, 1, "alice", "one", "m1"));

        assertThat(messages().skip(id, 1, 5L, null)).isFalse();
        assertThat(messages().find(id, 1)).get().extracting(Message::text).isEqualTo("one");
    }


    @Test
    void react_whenAddedAndRemovedTwice_isIdempotent() {
        var id = newChannel();
        write(message(id, 1, "alice", "hello", "m1"));

        messages().react(id, 1, "👍", "bob", false);
        var twice = messages().react(id, 1, "👍", "bob", false);
        var carol = messages().react(id, 1, "👍", "carol", false);
        messages().react(id, 1, "👍", "bob", true);
        var removedTwice = messages().react(id, 1, "👍", "bob", true);
        var other = messages().react(id, 1, "🎉", "bob", true);

        assertThat(twice).get().extracting(Message::reactions).isEqualTo(Map.of("👍", Set.of("bob")));
        assertThat(carol).get().extracting(Message::reactions).isEqualTo(Map.of("👍", Set.of("bob", "carol")));
        assertThat(removedTwice).get().extracting(Message::reactions).isEqualTo(Map.of("👍", Set.of("carol")));
        assertThat(other).get().extracting(Message::reactions).isEqualTo(Map.of("👍", Set.of("carol")));
        assertThat(messages().react(id, 7, "👍", "bob", false)).isEmpty();
    }

    @Test
    void edit_whenNotTheSender_isRefused() {
        var id = newChannel();
        write(message(id, 1, "alice", "hello", "m1"));

        var byBob = messages().edit(id, 1, "bob", "hacked", 5L);
        var byAlice = messages().edit(id, 1, "alice", "hello, world", 6L);

        assertThat(byBob).isEmpty();
        assertThat(byAlice).get().satisfies(m -> {
            assertThat(m.text()).isEqualTo("hello, world");
            assertThat(m.editedAt()).isEqualTo(6L);
        });
        assertThat(messages().edit(id, 9, "alice", "nothing there", 7L)).isEmpty();
    }

    @Test
    void write_whenTheMessageHasMentions_keepsThemThroughReactionsAndEdits() {
        var id = newChannel();
        var mentions = new Mentions(List.of("carol", "bob"), false, true);
        write(new Message(id, 1, "m-1", "alice", "<!channel> <@carol> <@bob>", List.of(), 1L, null, false, Map.of(), "m1", null, null,
                false, mentions));

        messages().react(id, 1, "👍", "bob", false);
        var edited = messages().edit(id, 1, "alice", "<!channel> <@carol>", 5L);

        assertThat(edited).get().extracting(Message::mentions).isEqualTo(mentions);
        assertThat(messages().find(id, 1)).get().extracting(Message::mentions).isEqualTo(mentions);
        assertThat(messages().range(id, null, null, 10, false)).singleElement().extracting(Message::mentions).isEqualTo(mentions);
    }

    @Test
    void delete_whenRepeated_returnsTheSameTombstone() {
        var id = newChannel();
        write(new Message(id, 1, "m-1", "alice", "secret <@bob> <!here>", List.of("attachments/" + id + "/x/a.png"), 1L, null, false,
                Map.of(), "m1", null, null, false, new Mentions(List.of("bob"), true, false)));
        messages().react(id, 1, "👍", "bob", false);

        var first = messages().delete(id, 1, 10L);
        var second = messages().delete(id, 1, 20L);

        assertThat(first).get().satisfies(m -> {
            assertThat(m.deleted()).isTrue();
            assertThat(m.text()).isEmpty();
            assertThat(m.attachments()).isEmpty();
            assertThat(m.reactions()).isEmpty();
            assertThat(m.mentions()).isEqualTo(Mentions.NONE);
            assertThat(m.editedAt()).isEqualTo(10L);
        });
        assertThat(second).isEqualTo(first);
        assertThat(messages().edit(id, 1, "alice", "back", 30L)).isEmpty();
        assertThat(messages().react(id, 1, "👍", "bob", false)).isEmpty();
        assertThat(messages().delete(id, 2, 10L)).isEmpty();
    }

    @Test
    void range_whenPagingBothWays_returnsOldestFirstPages() {
        var id = newChannel();
        for (var seq = 1; seq <= 7; seq++) {
            write(message(id, seq, "alice", "m" + seq, "m" + seq));
        }

        var latest = messages().range(id, null, null, 3, true);
        var before = messages().range(id, null, 5L, 3, true);
        var oldest = messages().range(id, null, null, 3, false);
        var after = messages().range(id, 3L, null, 3, false);
        var between = messages().range(id, 2L, 6L, 10, false);
        var betweenNewest = messages().range(id, 2L, 6L, 2, true);

        assertThat(latest).extracting(Message::seq).containsExactly(5L, 6L, 7L);
        assertThat(before).extracting(Message::seq).containsExactly(2L, 3L, 4L);
        assertThat(oldest).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(after).extracting(Message::seq).containsExactly(4L, 5L, 6L);
        assertThat(between).extracting(Message::seq).containsExactly(3L, 4L, 5L);
        assertThat(betweenNewest).extracting(Message::seq).containsExactly(4L, 5L);
        assertThat(messages().range(id, 3L, 4L, 10, false)).isEmpty();
        assertThat(messages().range(id, 7L, null, 10, false)).isEmpty();
    }


    @Test
    void react_whenTheMessageHasTheMostEmojiOrAnEmojiTheMostUsers_refusesOnlyWhatIsNew() {
        var id = newChannel();
        write(message(id, 1, "alice", "popular", "m1"));
        for (int i = 0; i < Limits.MAX_REACTION_EMOJI; i++) {
            assertThat(messages().react(id, 1, "e" + i, "alice", false)).isPresent();
        }
        for (int i = 1; i < Limits.MAX_REACTION_USERS; i++) {
            assertThat(messages().react(id, 1, "e0", "user" + i, false)).isPresent();
        }

        assertThat(messages().react(id, 1, "another", "alice", false)).isEmpty();
        assertThat(messages().react(id, 1, "e0", "one-too-many", false)).isEmpty();
        assertThat(messages().react(id, 1, "e0", "user1", false)).isPresent();
        assertThat(messages().react(id, 1, "e1", "bob", false)).isPresent();
        assertThat(messages().react(id, 1, "e2", "alice", true)).get()
                .satisfies(m -> assertThat(m.reactions()).hasSize(Limits.MAX_REACTION_EMOJI - 1));
        assertThat(messages().react(id, 1, "another", "alice", false)).get()
                .satisfies(m -> assertThat(m.reactions().get("e0")).hasSize(Limits.MAX_REACTION_USERS));
    }

    /** Takes the next seq for the message, as a send does, and writes it there. */
    protected void write(Message message) {
        var seq = messages().allocate(message.channelId(), message.createdAt()).orElseThrow();
        assertThat(seq).isEqualTo(message.seq());
        assertThat(messages().write(message, dedupKey(message.channelId(), message.senderId(), message.clientMsgId()), 99L))
                .isEqualTo(WriteResult.WRITTEN);
    }

    private void writeReply(Message reply, ThreadUpdate update) {
        var seq = messages().allocate(reply.channelId(), reply.createdAt()).orElseThrow();
        assertThat(seq).isEqualTo(reply.seq());
        assertThat(messages().write(reply, dedupKey(reply.channelId(), reply.senderId(), reply.clientMsgId()), 99L, update))
                .isEqualTo(WriteResult.WRITTEN);
    }

    protected static Message reply(String channelId, long seq, String sender, long threadSeq, String clientMsgId) {
        return new Message(channelId, seq, "m-" + UUID.randomUUID(), sender, "reply " + clientMsgId, List.of(), 1_000L + seq, null,
                false, Map.of(), clientMsgId, threadSeq, null);
    }

    protected String newChannel() {
        var id = "c-" + UUID.randomUUID();
        channels().create(new Channel(id, "general", ChannelKind.GROUP, "alice", 1L, 0L, 0L),
                List.of(new Member(id, "alice", Member.OWNER, 1L, 0L, false)));
        return id;
    }

    protected static Message message(String channelId, long seq, String sender, String text, String clientMsgId) {
        return new Message(channelId, seq, "m-" + UUID.randomUUID(), sender, text, List.of(), 1_000L + seq, null, false, Map.of(),
                clientMsgId, null, null);
    }

    protected static String dedupKey(String channelId, String userId, String clientMsgId) {
        return channelId + "#" + userId + "#" + clientMsgId;
    }

    protected static List<Long> range(long from, long to) {
        var values = new ArrayList<Long>();
        for (var v = from; v <= to; v++) {
            values.add(v);
        }
        return values;
    }
}
