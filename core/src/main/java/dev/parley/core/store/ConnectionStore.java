package dev.parley.core.store;

import dev.parley.core.model.Connection;
import java.util.List;
import java.util.Optional;

/** Open connections by id, and by the sweep bucket they were recorded in. */
public interface ConnectionStore {

    /** Stores the connection, replacing one with the same id. */
    void put(Connection connection);

    Optional<Connection> find(String connectionId);

    /** Deletes the connection and returns what was stored, if anything; for one id, only one caller gets it. */
    Optional<Connection> remove(String connectionId);

    /**
     * Connection ids recorded in one sweep bucket ({@code yyyyMMddHH#n}), without duplicates. Read from an index, so a
     * connection put in the last moments may be missing.
     */
    List<String> idsInSweepBucket(String sweepBucket);
}
