package dev.parley.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * The process environment as Parley's code sees it.
 *
 * <p>On Lambda this is {@link System#getenv(String)}. A host that runs several functions in one JVM
 * (Parley Local loads each function in its own class loader) installs the function's environment with
 * {@link #override(Map)}, because a JVM has one process environment and each function needs its own.
 */
public final class Environment {

    private static volatile Map<String, String> overridden;

    private Environment() {
    }

    public static String get(String name) {
        Objects.requireNonNull(name, "name");
        var view = overridden;
        return view != null ? view.get(name) : System.getenv(name);
    }

    /** Replaces the whole environment view; {@code null} returns to the process environment. */
    public static void override(Map<String, String> environment) {
        overridden = environment == null ? null : Map.copyOf(environment);
    }
}
