package dev.parley.core.store;

/** Short-lived counters and claims: rate limits, the typing throttle, push coalescing. */
public interface ThrottleStore {

    /** Counts one more hit in a window that ends at {@code expiresAt} (epoch seconds); returns the new count. */
    long increment(String key, long expiresAt);

    /** Takes the key until {@code expiresAt} (epoch seconds) unless someone holds it now; true when taken. */
    boolean claim(String key, long expiresAt, long nowEpochSeconds);

    void release(String key);
}
