package dev.parley.core.store;

import dev.parley.core.model.Message;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

public interface MessageStore {

    /** Outcome of {@link #write}. */
    enum WriteResult {
        /** The message and its dedup record were written together. */
        WRITTEN,
        /** The dedup key exists: this send was stored before under another seq; nothing written. */
        DUPLICATE,
        /** Something already holds this seq (a skipped entry written by a reader); nothing written. */
        SEQ_TAKEN
    }

    /** A channel's sequence counter: the last seq handed out and when. */
    record Sequence(long lastSeq, long lastAllocatedAt) {
    }

    Optional<Message> find(String channelId, long seq);

    /** The seq stored under a dedup key, if a send with it was stored. */
    Optional<Long> findDedup(String dedupKey);

    /**
     * Hands out the channel's next seq with an atomic increment, so concurrent senders never conflict; empty when the
     * channel does not exist. A seq handed out is either written with {@link #write} or filled with {@link #skip}.
     */
    OptionalLong allocate(String channelId, long at);

    /** The channel's counter, for telling a seq still being written from one whose send was lost. */
    Optional<Sequence> sequence(String channelId);

    /**
     * In one transaction: the message at its allocated seq (free before) and the dedup record (absent before), which
     * marks the send pending publication ({@link PendingPublishStore}).
     */
    WriteResult write(Message message, String dedupKey, long dedupExpiresAt);

    /** Fills a seq with a skipped entry unless something is stored there already; true when it wrote the entry. */
    boolean skip(String channelId, long seq, long at, Long expiresAt);

    /**
     * Messages with {@code afterSeq < seq < beforeSeq} (either bound may be null), at most {@code limit}, oldest
     * first; {@code newest} chooses which end of the range the page is taken from.
     */
    List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest);

    /** Replaces the text of a live message sent by {@code senderId}; empty when absent, deleted or not theirs. */
    Optional<Message> edit(String channelId, long seq, String senderId, String text, long editedAt);

    /** Turns a message into a tombstone; idempotent. Empty when it does not exist. */
    Optional<Message> delete(String channelId, long seq, long deletedAt);

    /**
     * Adds or removes one user's reaction; idempotent. Empty when the message does not exist or is deleted, or when an
     * added reaction would be a new emoji beyond {@link dev.parley.core.protocol.Limits#MAX_REACTION_EMOJI} or a new user
     * of an emoji beyond {@link dev.parley.core.protocol.Limits#MAX_REACTION_USERS}.
     */
    Optional<Message> react(String channelId, long seq, String emoji, String userId, boolean remove);
}
