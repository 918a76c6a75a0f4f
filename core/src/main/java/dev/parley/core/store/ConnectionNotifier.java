package dev.parley.core.store;

import java.util.Objects;

/** The {@code @connections} management API. */
public interface ConnectionNotifier {

    /** The outcome of one post. */
    sealed interface Delivery {

        Delivery DELIVERED = new Delivered();
        Delivery GONE = new Gone();

        /** The connection received the frame. */
        record Delivered() implements Delivery {
        }

        /** The connection no longer exists (410). */
        record Gone() implements Delivery {
        }

        /**
         * Throttled or a transient failure, worth trying again later: {@code reason} says which (the status answered,
         * or that there was no answer), {@code cause} is the error behind it when there is one.
         */
        record Retry(String reason, Throwable cause) implements Delivery {
            public Retry {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    Delivery post(String connectionId, byte[] data);

    /** Whether the connection is still open (GetConnection); false on 410. */
    boolean isConnected(String connectionId);

    /** Closes the connection (DeleteConnection); a connection that is already gone counts as closed. */
    void close(String connectionId);
}
