package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Connection;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link ConnectionStore} promises, whatever keeps it: run against the in-memory fake and against DynamoDB. */
public abstract class ConnectionStoreContract {

    protected abstract ConnectionStore connections();

    @Test
    void remove_whenStored_returnsWhatWasStoredOnce() {
        var connection = new Connection("k-" + UUID.randomUUID(), "alice", 1L, "2026112419#1", 2L);
        connections().put(connection);

        assertThat(connections().find(connection.connectionId())).contains(connection);
        assertThat(connections().remove(connection.connectionId())).contains(connection);
        assertThat(connections().remove(connection.connectionId())).isEmpty();
        assertThat(connections().find(connection.connectionId())).isEmpty();
    }

    @Test
    void find_whenStoredWithAnAuthorizationExpiry_returnsIt() {
        var connection = new Connection("k-" + UUID.randomUUID(), "alice", 1L, "2026112419#1", 2L, 3L);
        connections().put(connection);

        assertThat(connections().find(connection.connectionId())).contains(connection);
    }

    @Test
    void put_whenIdStoredBefore_replacesIt() {
        var id = "k-" + UUID.randomUUID();
        connections().put(new Connection(id, "alice", 1L, "2026112419#1", 2L));
        var again = new Connection(id, "alice", 5L, "2026112419#2", 6L, 7L);

        connections().put(again);

        assertThat(connections().find(id)).contains(again);
    }

    @Test
    void idsInSweepBucket_whenManyConnections_listsTheBucketOnly() {
        var bucket = "2026112420#" + UUID.randomUUID();
        var ids = new ArrayList<String>();
        for (var i = 0; i < 40; i++) {
            var id = "k-" + i + "-" + UUID.randomUUID();
            connections().put(new Connection(id, "user-" + i, 1L, bucket, 2L));
            ids.add(id);
        }
        connections().put(new Connection("k-other-" + UUID.randomUUID(), "x", 1L, "2026112420#other", 2L));

        assertThat(connections().idsInSweepBucket(bucket)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(connections().idsInSweepBucket("2000010100#0")).isEmpty();
    }
}
