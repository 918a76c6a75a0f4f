package dev.parley.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Reads typed settings from an {@link Environment}, failing fast with the name of what is missing or invalid. */
public final class EnvironmentReader {

    private final Environment environment;

    public EnvironmentReader(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public String require(String name) {
        var value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingConfigurationException("Missing required environment variable " + name);
        }
        return value.trim();
    }

    public int optionalInt(String name, int fallback) {
        var value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MissingConfigurationException("Environment variable " + name + " must be an integer, was '" + value + "'");
        }
    }

    public Duration requireSeconds(String name) {
        require(name);
        return Duration.ofSeconds(optionalInt(name, 0));
    }

    /** Parses {@code key=value,key=value}; an empty or absent variable gives an empty map. */
    public Map<String, String> optionalPairs(String name) {
        var value = environment.get(name);
        var pairs = new LinkedHashMap<String, String>();
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        for (var entry : value.split(",")) {
            var trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new MissingConfigurationException("Environment variable " + name + " must be key=value pairs, was '" + value + "'");
            }
            pairs.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
        }
        return Map.copyOf(pairs);
    }
}
