package dev.parley.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The environment variables one function is configured with. On Lambda that is the process environment
 * ({@link #system()}), which each handler's no-argument constructor reads. A host that runs several functions in one
 * JVM hands each handler its own with {@link #of(Map)}, through the handler's public constructor that takes an
 * {@code Environment}; nothing in between asks which of the two it was given.
 */
public final class Environment {

    private static final Environment SYSTEM = new Environment(System::getenv);

    private final UnaryOperator<String> lookup;

    private Environment(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    public static Environment system() {
        return SYSTEM;
    }

    public static Environment of(Map<String, String> variables) {
        var copy = Map.copyOf(variables);
        return new Environment(copy::get);
    }

    /** The variable's value, or null when it is not set. */
    public String get(String name) {
        return lookup.apply(Objects.requireNonNull(name, "name"));
    }
}
