package dev.parley.core.store;

import dev.parley.core.model.Message;
import java.util.List;

/**
 * The replies of threads. Read from an index that follows the writes of messages within a moment rather than at once:
 * a reply just stored may be missing from a read made right after its write. The root, and its summary, are read
 * through {@link HistoryStore}.
 */
public interface ThreadStore {

    /**
     * The replies to the root at {@code rootSeq} with {@code seq > afterSeq}, at most {@code limit}, oldest first;
     * tombstones of deleted replies count.
     */
    List<Message> replies(String channelId, long rootSeq, long afterSeq, int limit);
}
