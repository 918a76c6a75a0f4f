package dev.parley.core.store;

import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import java.util.Objects;
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
        SEQ_TAKEN,
        /**
         * The reply's root is no longer live, or its thread summary is no longer the one the update expected (another
         * reply was stored first); nothing written.
         */
        ROOT_CHANGED
    }

    /**
     * What storing a reply does to its thread's root: its summary goes from {@code expected}, as the sender read it, to
     * {@code next}. Applied only while the root is live and still has {@code expected}, in the reply's transaction.
     */
    record ThreadUpdate(long rootSeq, ThreadSummary expected, ThreadSummary next) {
        public ThreadUpdate {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(next, "next");
        }
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
    default WriteResult write(Message message, String dedupKey, long dedupExpiresAt) {
        return write(message, dedupKey, dedupExpiresAt, null);
    }

    /**
     * {@link #write(Message, String, long)}, and for a reply ({@code thread} not null) its root's summary in the same
     * transaction: the reply is counted exactly when it is stored, so a resent or redelivered reply never counts twice.
     */
    WriteResult write(Message message, String dedupKey, long dedupExpiresAt, ThreadUpdate thread);

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
