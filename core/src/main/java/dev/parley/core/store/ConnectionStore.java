package dev.parley.core.store;

import dev.parley.core.model.Connection;
import java.util.List;
import java.util.Optional;

public interface ConnectionStore {

    void put(Connection connection);

    Optional<Connection> find(String connectionId);

    /** Deletes the connection and returns what was stored, if anything. */
    Optional<Connection> remove(String connectionId);

    /** Connection ids recorded in one sweep bucket ({@code yyyyMMddHH#n}). */
    List<String> idsInSweepBucket(String sweepBucket);
}
