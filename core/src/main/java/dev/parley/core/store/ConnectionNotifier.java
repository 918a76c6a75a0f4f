package dev.parley.core.store;

/** The {@code @connections} management API. */
public interface ConnectionNotifier {

    enum Delivery {
        DELIVERED,
        /** The connection no longer exists (410). */
        GONE,
        /** Throttled or a transient failure: worth trying again later. */
        RETRY
    }

    Delivery post(String connectionId, byte[] data);

    /** Whether the connection is still open (GetConnection); false on 410. */
    boolean isConnected(String connectionId);

    /** Closes the connection (DeleteConnection); a connection that is already gone counts as closed. */
    void close(String connectionId);
}
