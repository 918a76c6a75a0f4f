package dev.parley.core.store;

import dev.parley.core.model.Message;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The write path of messages: sequence numbers, sends with their dedup records, edits, deletes and reactions. Reading
 * history alone needs only {@link HistoryStore}.
 */
public interface MessageStore extends HistoryStore {

    /** Outcome of {@link #write}. */
    enum WriteResult {
        /** The message and its dedup record were written together. */
        WRITTEN,
        /** The dedup key exists: this send was stored before under another seq; nothing written. */
        DUPLICATE,
        /** Something already holds this seq (a skipped entry written by a reader); nothing written. */
        SEQ_TAKEN
    }

    /** The seq stored under a dedup key, if a send with it was stored. */
    Optional<Long> findDedup(String dedupKey);

    /**
     * Hands out the channel's next seq with an atomic increment, so concurrent senders never conflict; empty when the
     * channel does not exist or is archived. A seq handed out is either written with {@link #write} or filled with {@link #skip}.
     */
    OptionalLong allocate(String channelId, long at);

    /**
     * In one transaction: the message at its allocated seq (free before) and the dedup record (absent before), which
     * marks the send pending publication ({@link PendingPublishStore}).
     */
    WriteResult write(Message message, String dedupKey, long dedupExpiresAt);

    /** Replaces the text of a live message sent by {@code senderId}; empty when absent, deleted, skipped or not theirs. */
    Optional<Message> edit(String channelId, long seq, String senderId, String text, long editedAt);

    /** Turns a message into a tombstone; idempotent. Empty when no message is there (nothing, or a skipped entry). */
    Optional<Message> delete(String channelId, long seq, long deletedAt);

    /**
     * Adds or removes one user's reaction; idempotent. Empty when the message does not exist or is deleted, or when an
     * added reaction would be a new emoji beyond {@link dev.parley.core.protocol.Limits#MAX_REACTION_EMOJI} or a new user
     * of an emoji beyond {@link dev.parley.core.protocol.Limits#MAX_REACTION_USERS}.
     */
    Optional<Message> react(String channelId, long seq, String emoji, String userId, boolean remove);
}
