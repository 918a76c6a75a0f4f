package dev.parley.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a thread root shows of its replies: how many are stored (tombstones of deleted replies included: the thread
 * lists them), when and at which seq the latest was, and who wrote the latest ones, most recent first and each once.
 * A message nobody replied to has {@link #NONE}.
 */
public record ThreadSummary(long replyCount, long lastReplyAt, long lastReplySeq, List<String> lastReplierIds) {

    /** How many distinct recent repliers a root remembers. */
    public static final int MAX_LAST_REPLIERS = 3;
    public static final ThreadSummary NONE = new ThreadSummary(0, 0, 0, List.of());

    public ThreadSummary {
        if (replyCount < 0) {
            throw new IllegalArgumentException("replyCount must not be negative");
        }
        lastReplierIds = lastReplierIds == null ? List.of() : List.copyOf(lastReplierIds);
    }

    public boolean hasReplies() {
        return replyCount > 0;
    }

    /** The summary once {@code reply} is stored: one reply more, the reply the latest, its sender the most recent replier. */
    public ThreadSummary after(Message reply) {
        Objects.requireNonNull(reply, "reply");
        var repliers = new ArrayList<String>();
        repliers.add(reply.senderId());
        for (var userId : lastReplierIds) {
            if (repliers.size() < MAX_LAST_REPLIERS && !repliers.contains(userId)) {
                repliers.add(userId);
            }
        }
        return new ThreadSummary(replyCount + 1, Math.max(lastReplyAt, reply.createdAt()), Math.max(lastReplySeq, reply.seq()),
                repliers);
    }
}
