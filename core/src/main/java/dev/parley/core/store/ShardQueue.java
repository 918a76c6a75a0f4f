package dev.parley.core.store;

import java.util.List;

/** The fan-out queue, for shard jobs that split a large audience. */
public interface ShardQueue {

    void sendAll(List<String> jobBodies);
}
