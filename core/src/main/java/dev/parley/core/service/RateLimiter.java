package dev.parley.core.service;

import dev.parley.core.protocol.RateLimitedException;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** A fixed-window per-user limit kept in the Throttles table, so it holds across every function instance. */
public final class RateLimiter {

    private final ThrottleStore throttles;
    private final Clock clock;
    private final String bucket;
    private final int limit;
    private final long windowSeconds;

    public RateLimiter(ThrottleStore throttles, Clock clock, String bucket, int limit, Duration window) {
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.limit = limit;
        this.windowSeconds = window.toSeconds();
        if (limit < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive limit and window");
        }
    }

    /** Counts one request; throws {@link RateLimitedException} when the user is over the limit. */
    public void acquire(String userId) {
        var nowSeconds = clock.millis() / 1000;
        var window = nowSeconds / windowSeconds;
        var windowEnd = (window + 1) * windowSeconds;
        var count = throttles.increment("rate#" + bucket + "#" + userId + "#" + window, windowEnd + 60);
        if (count > limit) {
            throw new RateLimitedException("too many requests: at most " + limit + " per " + windowSeconds
                    + " s; retry in " + Math.max(1, windowEnd - nowSeconds) + " s");
        }
    }
}
