package dev.parley.core.retry;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one policy of Parley's own retries (a throttled post, what DynamoDB leaves unprocessed, a failed write): at
 * most {@link #ATTEMPTS} attempts, and between two of them a pause of full jitter under an exponential ceiling, so
 * callers that failed together spread out instead of colliding again. Nothing waits after the last attempt. A retry
 * that needs longer than these few hundred milliseconds belongs to the queue or to the client, not to a pause
 * inside one invocation.
 */
public final class RetryPolicy {

    /** Attempts in all, the first one included. */
    public static final int ATTEMPTS = 4;
    /** Ceiling of the pause before the second attempt; it doubles for each attempt after that. */
    static final long BASE_PAUSE_MILLIS = 20;

    private RetryPolicy() {
    }

    /**
     * Calls {@code attempt} until {@code again} is false of its result, at most {@link #ATTEMPTS} times; returns the
     * first result that needs no retry, or the last one.
     */
    public static <T> T call(Supplier<T> attempt, Predicate<? super T> again) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(again, "again");
        T result = attempt.get();
        for (int next = 1; next < ATTEMPTS && again.test(result); next++) {
            pauseBefore(next);
            result = attempt.get();
        }
        return result;
    }

    /**
     * Calls {@code attempt} until it returns, at most {@link #ATTEMPTS} times; when every attempt threw, the last
     * exception is thrown with the earlier ones suppressed in it, so none of the causes is lost.
     */
    public static <T> T call(Supplier<T> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        var failures = new ArrayList<RuntimeException>();
        for (int next = 0; next < ATTEMPTS; next++) {
            pauseBefore(next);
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        var last = failures.removeLast();
        failures.forEach(last::addSuppressed);
        throw last;
    }

    /**
     * Waits before attempt number {@code attempt}, counted from 0: a random time below
     * {@code BASE_PAUSE_MILLIS × 2^(attempt - 1)}. The first attempt does not wait.
     */
    public static void pauseBefore(int attempt) {
        if (attempt < 1) {
            return;
        }
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, ceilingMillis(attempt) * 1_000_000L + 1));
    }

    /** The ceiling of the pause before {@code attempt}; attempts past the last are held to the last one's. */
    static long ceilingMillis(int attempt) {
        return BASE_PAUSE_MILLIS << (Math.min(Math.max(attempt, 1), ATTEMPTS - 1) - 1);
    }
}
