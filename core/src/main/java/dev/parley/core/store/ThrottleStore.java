package dev.parley.core.store;

/** Short-lived counters and claims: rate limits, the typing throttle, push coalescing, undelivered messages. */
public interface ThrottleStore {

    /** Counts one more hit in a window that ends at {@code expiresAt} (epoch seconds); returns the new count. */
    long increment(String key, long expiresAt);

    /** Takes the key until {@code expiresAt} (epoch seconds) unless someone holds it now; true when taken. */
    boolean claim(String key, long expiresAt, long nowEpochSeconds);

    void release(String key);

    /**
     * Removes a key that is held now (claimed and not expired); true for the one caller that removed it, so that
     * something marked once is acted on once.
     */
    boolean take(String key, long nowEpochSeconds);
}
