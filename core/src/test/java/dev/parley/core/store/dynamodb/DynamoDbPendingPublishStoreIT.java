package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.store.MessageStore.WriteResult;
import dev.parley.core.store.PendingPublishStore.Pending;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbPendingPublishStoreIT {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMessageStore messages;
    private static DynamoDbPendingPublishStore pending;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbPendingPublishStoreIT.class);
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        messages = new DynamoDbMessageStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.messages(), names.dedup());
        pending = new DynamoDbPendingPublishStore(aws.dynamoDb(), names.dedup());
    }

    @Test
    void write_marksTheSendPendingAndOlderThanFindsItThroughTheIndexOnceOldEnough() {
        var channelId = newChannel();
        var dedupKey = store(channelId, "alice", "x1", 5_000L);

        assertThat(pending.isPending(dedupKey)).isTrue();
        assertThat(pending.olderThan(5_000L, 100)).extracting(Pending::dedupKey).doesNotContain(dedupKey);
        assertThat(pending.olderThan(5_001L, 100)).contains(new Pending(dedupKey, 1, 5_000L))
                .filteredOn(p -> p.dedupKey().equals(dedupKey)).singleElement()
                .satisfies(p -> assertThat(p.channelId()).isEqualTo(channelId));
    }

    @Test
    void clear_removesTheMarkAndKeepsTheDedupRecord() {
        var channelId = newChannel();
        var dedupKey = store(channelId, "alice", "x1", 7_000L);

        assertThat(pending.clear(dedupKey)).isTrue();
        assertThat(pending.clear(dedupKey)).isTrue();

        assertThat(pending.isPending(dedupKey)).isFalse();
        assertThat(pending.olderThan(Long.MAX_VALUE, 1_000)).extracting(Pending::dedupKey).doesNotContain(dedupKey);
        assertThat(messages.findDedup(dedupKey)).contains(1L);
    }

    @Test
    void clear_whenTheDedupRecordIsGone_createsNothing() {
        var dedupKey = "c-gone#alice#x1";

        assertThat(pending.clear(dedupKey)).isFalse();

        assertThat(messages.findDedup(dedupKey)).isEmpty();
    }

    @Test
    void olderThan_whenManySendsAreMarked_findsEachAcrossTheShardsUpToTheLimit() {
        var channelId = newChannel();
        for (int i = 0; i < 40; i++) {
            store(channelId, "bob", "m" + i, 9_000L + i);
        }

        var all = pending.olderThan(Long.MAX_VALUE, 1_000).stream().filter(p -> p.channelId().equals(channelId)).toList();
        var some = pending.olderThan(Long.MAX_VALUE, 10);

        assertThat(all).hasSize(40).extracting(Pending::seq).doesNotHaveDuplicates();
        assertThat(some).hasSize(10);
    }

    private static String store(String channelId, String senderId, String clientMsgId, long at) {
        var seq = messages.allocate(channelId, at).orElseThrow();
        var dedupKey = channelId + "#" + senderId + "#" + clientMsgId;
        var message = new Message(channelId, seq, "m-" + UUID.randomUUID(), senderId, "hello", List.of(), at, null, false, Map.of(),
                clientMsgId, null, null);
        assertThat(messages.write(message, dedupKey, 99L)).isEqualTo(WriteResult.WRITTEN);
        return dedupKey;
    }

    private static String newChannel() {
        var id = "c-" + UUID.randomUUID();
        channels.create(new Channel(id, "general", ChannelKind.GROUP, "alice", 1L, 0L, 0L),
                List.of(new Member(id, "alice", Member.OWNER, 1L, 0L, false)));
        return id;
    }
}
