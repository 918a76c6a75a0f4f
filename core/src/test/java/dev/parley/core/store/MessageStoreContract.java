package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.Limits;
import dev.parley.core.store.HistoryStore.Sequence;
import dev.parley.core.store.MessageStore.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@link MessageStore} and its read side {@link HistoryStore} promise, whatever keeps them: run against the in-memory
 * fake and against DynamoDB.
 */
public abstract class MessageStoreContract {

    /** Creates the channels whose counters hand out seqs. */
    protected abstract ChannelStore channels();

    protected abstract MessageStore messages();

    /** The history port over the same messages(). */
    protected abstract HistoryStore history();

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
