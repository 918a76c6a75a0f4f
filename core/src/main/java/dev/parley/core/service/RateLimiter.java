package dev.parley.core.service;

import dev.parley.core.protocol.RateLimitedException;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Fixed one-minute windows per user and kind of write, counted in the Throttles table so that the limits hold across
 * every function instance and every connection of the user.
 */
public final class RateLimiter {

    static final long WINDOW_SECONDS = 60;

    private final ThrottleStore throttles;
    private final Clock clock;
    private final ToIntFunction<RateLimits> perMinute;

    /** The limits of {@link RateLimits}, as tests and the fuzz world use them. */
    public RateLimiter(ThrottleStore throttles, Clock clock) {
        this(throttles, clock, RateLimitConfig.defaults());
    }

    /** The limits a function was configured with. */
    public RateLimiter(ThrottleStore throttles, Clock clock, RateLimitConfig limits) {
        this(throttles, clock, Objects.requireNonNull(limits, "limits")::of);
    }

    public RateLimiter(ThrottleStore throttles, Clock clock, ToIntFunction<RateLimits> perMinute) {
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perMinute = Objects.requireNonNull(perMinute, "perMinute");
    }

    /** Counts one write of this kind; throws {@link RateLimitedException} when the user is over its limit. */
    public void acquire(String userId, RateLimits kind) {
        var limit = perMinute.applyAsInt(kind);
        if (limit < 1) {
            throw new IllegalStateException("the limit of " + kind + " must be positive");
        }
        var nowSeconds = clock.millis() / 1000;
        var window = nowSeconds / WINDOW_SECONDS;
        var windowEnd = (window + 1) * WINDOW_SECONDS;
        var count = throttles.increment("rate#" + kind.action() + "#" + userId + "#" + window, windowEnd + 60);
        if (count > limit) {
            var retryAfter = Math.max(1, windowEnd - nowSeconds);
            throw new RateLimitedException("too many " + kind.action() + ": at most " + limit + " per minute; retry in "
                    + retryAfter + " s", retryAfter);
        }
    }
}
