package dev.parley.core.protocol;

import java.util.Objects;

/** A parsed client frame: the validated action and the optional request id to echo. */
public record Frame(String requestId, Action action) {
    public Frame {
        Objects.requireNonNull(action, "action");
    }
}
