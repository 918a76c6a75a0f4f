package dev.parley.core.store;

import dev.parley.core.model.Message;
import java.util.List;
import java.util.Optional;

public interface MessageStore {

    /** Outcome of {@link #append}. */
    enum AppendResult {
        /** The message, the channel's new {@code lastSeq} and the dedup record were written together. */
        APPENDED,
        /** The channel's {@code lastSeq} moved meanwhile: nothing written, read it again and retry. */
        SEQ_CONFLICT,
        /** The dedup key exists: this send was stored before, nothing written. */
        DUPLICATE,
        /** The channel does not exist. */
        NO_CHANNEL
    }

    Optional<Message> find(String channelId, long seq);

    /** The seq stored under a dedup key, if a send with it was stored. */
    Optional<Long> findDedup(String dedupKey);

    /**
     * In one transaction: the channel's {@code lastSeq} from {@code message.seq() - 1} to {@code message.seq()},
     * the message (absent before), and the dedup record (absent before).
     */
    AppendResult append(Message message, String dedupKey, long dedupExpiresAt);

    /**
     * Messages with {@code afterSeq < seq < beforeSeq} (either bound may be null), at most {@code limit}, oldest
     * first; {@code newest} chooses which end of the range the page is taken from.
     */
    List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest);

    /** Replaces the text of a live message sent by {@code senderId}; empty when absent, deleted or not theirs. */
    Optional<Message> edit(String channelId, long seq, String senderId, String text, long editedAt);

    /** Turns a message into a tombstone; idempotent. Empty when it does not exist. */
    Optional<Message> delete(String channelId, long seq, long deletedAt);

    /** Adds or removes one user's reaction; idempotent. Empty when the message does not exist or is deleted. */
    Optional<Message> react(String channelId, long seq, String emoji, String userId, boolean remove);
}
