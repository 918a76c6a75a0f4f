package dev.parley.core.service;

import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;

/** The per-user limit on actions that write, shared by every function that takes them. */
public final class RateLimits {

    /** Optional: writes a user may make per minute across all their connections; 120 by default. */
    public static final String ACTIONS_PER_MINUTE = "ACTIONS_PER_MINUTE";
    public static final int DEFAULT_ACTIONS_PER_MINUTE = 120;

    private RateLimits() {
    }

    public static RateLimiter actions(ThrottleStore throttles, Clock clock) {
        var limit = EnvironmentReader.optionalInt(ACTIONS_PER_MINUTE, DEFAULT_ACTIONS_PER_MINUTE);
        return new RateLimiter(throttles, clock, "actions", limit, Duration.ofMinutes(1));
    }
}
