package dev.parley.core.store;

import dev.parley.core.model.Message;
import java.util.List;
import java.util.Optional;

/**
 * A channel's messages as history reads them: stored messages, the sequence counter, and the skipped entries that close
 * the seqs whose sends were lost. It needs neither the dedup records nor the write path of {@link MessageStore}.
 */
public interface HistoryStore {

    /** A channel's sequence counter: the last seq handed out and when. */
    record Sequence(long lastSeq, long lastAllocatedAt) {
    }

    /** What is stored at a seq: a message, a tombstone or a skipped entry. */
    Optional<Message> find(String channelId, long seq);

    /** The channel's counter, for telling a seq still being written from one whose send was lost; empty without a channel. */
    Optional<Sequence> sequence(String channelId);

    /** Fills a seq with a skipped entry unless something is stored there already; true when it wrote the entry. */
    boolean skip(String channelId, long seq, long at, Long expiresAt);

    /**
     * Messages with {@code afterSeq < seq < beforeSeq} (either bound may be null), at most {@code limit}, oldest
     * first; {@code newest} chooses which end of the range the page is taken from. Skipped entries and tombstones count.
     */
    List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest);
}
