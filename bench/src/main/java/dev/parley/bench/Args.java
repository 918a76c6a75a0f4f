package dev.parley.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Options of a bench command: {@code --name value} pairs and {@code --flag}s; an option nobody asked for is an error. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> asked = new HashSet<>();

    private Args() {
    }

    /** Parses {@code args}; names in {@code flagNames} take no value. */
    static Args parse(String[] args, Set<String> flagNames) {
        var parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            var name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, found " + name);
            }
            if (flagNames.contains(name)) {
                parsed.flags.add(name);
            } else if (i + 1 < args.length) {
                parsed.values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value after " + name);
            }
        }
        return parsed;
    }

    int integer(String name, int fallback) {
        var value = text(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, not " + value);
        }
    }

    double decimal(String name, double fallback) {
        var value = text(name, null);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not " + value);
        }
    }

    String text(String name, String fallback) {
        asked.add(name);
        return values.getOrDefault(name, fallback);
    }

    Path path(String name) {
        var value = text(name, null);
        return value == null ? null : Path.of(value).toAbsolutePath();
    }

    boolean flag(String name) {
        asked.add(name);
        return flags.contains(name);
    }

    /** Fails on any option that was given but never asked for: a typo should not silently run the defaults. */
    void requireAllUsed() {
        for (var name : values.keySet()) {
            if (!asked.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
        for (var name : flags) {
            if (!asked.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
    }
}
