package dev.parley.core.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one retry pause of Parley's own retries (throttled posts, unprocessed batch items, failed writes): full
 * jitter under an exponential ceiling, so callers that failed together spread out instead of colliding again.
 */
public final class Backoff {

    private static final long BASE_MILLIS = 5;
    private static final long CEILING_MILLIS = 200;

    private Backoff() {
    }

    /** Sleeps a random time below {@code min(200 ms, 5 ms × 2^attempt)}; {@code attempt} counts from 0. */
    public static void sleep(int attempt) {
        var ceiling = Math.min(CEILING_MILLIS, BASE_MILLIS << Math.min(Math.max(attempt, 0), 10));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, ceiling * 1_000_000L + 1));
    }
}
