package dev.parley.core.store;

/** Short-lived counters and claims: rate limits, the typing throttle, push coalescing, undelivered messages. */
public interface ThrottleStore {

    /** What a claim found: whether this caller took the key, and when the hold that stands now ends (epoch seconds). */
    record Claim(boolean taken, long expiresAt) {
    }

    /** Counts one more hit in a window that ends at {@code expiresAt} (epoch seconds); returns the new count. */
    long increment(String key, long expiresAt);

    /** Takes the key until {@code expiresAt} (epoch seconds) unless someone holds it now; true when taken. */
    boolean claim(String key, long expiresAt, long nowEpochSeconds);

    /** Like {@link #claim}, and tells until when the key is held: by this caller when taken, else by its holder. */
    Claim claimOrFindHolder(String key, long expiresAt, long nowEpochSeconds);

    void release(String key);

    /** Adds {@code amount} to a counter, which expires at {@code expiresAt} when this creates it; returns the new count. */
    long add(String key, long amount, long expiresAt);

    /**
     * Removes a counter and returns its count, 0 when there is none: of callers racing for one counter, one gets the
     * count and the others 0, so what it counted is acted on once.
     */
    long takeCount(String key);

    /**
     * Removes a key that is held now (claimed and not expired); true for the one caller that removed it, so that
     * something marked once is acted on once.
     */
    boolean take(String key, long nowEpochSeconds);
}
