package dev.parley.core.store;

import java.util.List;
import java.util.Objects;

/**
 * Sends whose {@code message.posted} is not yet known to have been published. {@link MessageStore#write} marks a send
 * pending in the same transaction that stores it; fan-out clears the mark when the event reaches it, and the recovery
 * job publishes again what stays marked.
 */
public interface PendingPublishStore {

    /** One marked send: its dedup key (which starts with the channel id), the seq it was stored under, and when. */
    record Pending(String dedupKey, long seq, long since) {
        public Pending {
            Objects.requireNonNull(dedupKey, "dedupKey");
        }

        public String channelId() {
            var end = dedupKey.indexOf('#');
            if (end <= 0) {
                throw new IllegalArgumentException("dedup key " + dedupKey + " names no channel");
            }
            return dedupKey.substring(0, end);
        }
    }

    /** Marks set before {@code beforeMillis}, at most {@code limit}; read from an index, so a mark just cleared may show. */
    List<Pending> olderThan(long beforeMillis, int limit);

    /** Whether the send is still marked, read consistently. */
    boolean isPending(String dedupKey);

    /** Removes the mark, if there is one; idempotent. False when there is no dedup record (any more). */
    boolean clear(String dedupKey);
}
