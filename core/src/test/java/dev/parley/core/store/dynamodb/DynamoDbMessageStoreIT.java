package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Message;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.MessageStore;
import dev.parley.core.store.MessageStore.WriteResult;
import dev.parley.core.store.MessageStoreContract;
import dev.parley.core.store.ThreadStore;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message store contract on DynamoDB Local, and what only a real engine shows: races and 1 MB query pages. */
class DynamoDbMessageStoreIT extends MessageStoreContract {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMessageStore messages;
    private static DynamoDbHistoryStore history;
    private static DynamoDbThreadStore threads;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbMessageStoreIT.class);
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        messages = new DynamoDbMessageStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.messages(), names.dedup());
        history = new DynamoDbHistoryStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.messages());
        threads = new DynamoDbThreadStore(aws.dynamoDb(), names.messages());
    }

    @Override
    protected ChannelStore channels() {
        return channels;
    }

    @Override
    protected MessageStore messages() {
        return messages;
    }

    @Override
    protected HistoryStore history() {
        return history;
    }

    @Override
    protected ThreadStore threads() {
        return threads;
    }

    @Test
    void allocate_whenTwentyWritersRace_handsOutSeqOneToTwentyWithoutConflicts() throws Exception {
        var id = newChannel();
        var writers = 20;
        var start = new CountDownLatch(1);
        var tasks = new ArrayList<Callable<Long>>();
        for (var w = 0; w < writers; w++) {
            var sender = "user-" + w;
            tasks.add(() -> {
                start.await();
                var seq = messages().allocate(id, 1L).orElseThrow();
                assertThat(messages().write(message(id, seq, sender, "from " + sender, "c-" + sender), dedupKey(id, sender, "c-" + sender),
                        99L)).isEqualTo(WriteResult.WRITTEN);
                return seq;
            });
        }
        var seqs = new ArrayList<Long>();
        try (var executor = Executors.newFixedThreadPool(writers)) {
            var futures = new ArrayList<Future<Long>>();
            tasks.forEach(task -> futures.add(executor.submit(task)));
            start.countDown();
            for (var future : futures) {
                seqs.add(future.get());
            }
        }

        assertThat(seqs).containsExactlyInAnyOrderElementsOf(range(1, 20));
        var stored = messages().range(id, null, null, 100, false);
        assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(range(1, 20));
        assertThat(stored).extracting(Message::senderId).doesNotHaveDuplicates().hasSize(writers);
        assertThat(channels().find(id)).get().extracting(Channel::lastSeq).isEqualTo(20L);
    }

    @Test
    void range_whenTheLimitSpansMoreThanOneMegabyteOfItems_continuesPastEachQueryPage() {
        var id = newChannel();
        // About 12 KB each: a query stops at 1 MB, after some 85 of them.
        var text = "€".repeat(4_000);
        for (long seq = 1; seq <= 120; seq++) {
            write(message(id, seq, "alice", text, "m" + seq));
        }

        var newest = messages().range(id, null, null, 101, true);
        var oldest = messages().range(id, null, null, 101, false);

        assertThat(newest).extracting(Message::seq).containsExactlyElementsOf(range(20, 120));
        assertThat(oldest).extracting(Message::seq).containsExactlyElementsOf(range(1, 101));
    }
}
