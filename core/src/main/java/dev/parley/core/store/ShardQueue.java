package dev.parley.core.store;

import java.util.List;

/** The fan-out queue, for shard jobs that split a large audience and for retries of the connections a post missed. */
public interface ShardQueue {

    /** Queues every job, each visible to consumers after {@code delaySeconds} (0 to 900). */
    void sendAll(List<String> jobBodies, int delaySeconds);

    default void sendAll(List<String> jobBodies) {
        sendAll(jobBodies, 0);
    }
}
