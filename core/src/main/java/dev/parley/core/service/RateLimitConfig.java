package dev.parley.core.service;

import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.MissingConfigurationException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-minute limit of each kind of write, part of the configuration of every function that limits writes. Each is
 * the figure of {@link RateLimits} unless {@code RATE_LIMIT_<KIND>} (such as {@code RATE_LIMIT_SEND_MESSAGE}) sets
 * another; a value that is not a positive integer stops the function at start-up.
 */
public record RateLimitConfig(Map<RateLimits, Integer> perMinute) {

    public static final String PREFIX = "RATE_LIMIT_";

    public RateLimitConfig {
        var copy = new EnumMap<RateLimits, Integer>(RateLimits.class);
        copy.putAll(perMinute);
        for (var kind : RateLimits.values()) {
            var limit = copy.get(kind);
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("the limit of " + kind.action() + " must be positive, was " + limit);
            }
        }
        perMinute = Map.copyOf(copy);
    }

    /** The figures of {@link RateLimits}. */
    public static RateLimitConfig defaults() {
        var limits = new EnumMap<RateLimits, Integer>(RateLimits.class);
        for (var kind : RateLimits.values()) {
            limits.put(kind, kind.perMinute());
        }
        return new RateLimitConfig(limits);
    }

    public static RateLimitConfig read(EnvironmentReader environment) {
        Objects.requireNonNull(environment, "environment");
        var limits = new EnumMap<RateLimits, Integer>(RateLimits.class);
        for (var kind : RateLimits.values()) {
            var name = variable(kind);
            var limit = environment.optionalInt(name, kind.perMinute());
            if (limit < 1) {
                throw new MissingConfigurationException("Environment variable " + name + " must be a positive integer, was " + limit);
            }
            limits.put(kind, limit);
        }
        return new RateLimitConfig(limits);
    }

    /** The variable that sets a kind's limit: {@code RATE_LIMIT_} and the kind's name. */
    public static String variable(RateLimits kind) {
        return PREFIX + kind.name();
    }

    public int of(RateLimits kind) {
        return perMinute.get(kind);
    }
}
