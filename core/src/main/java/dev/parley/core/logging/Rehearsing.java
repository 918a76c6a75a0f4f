package dev.parley.core.logging;

/**
 * Whether a SnapStart rehearsal is under way ({@code Priming.rehearse}): what a rehearsed invocation would log or count
 * is not the function's, so logs and metrics written meanwhile are dropped. Nothing else runs in an execution
 * environment while its snapshot is prepared.
 */
public final class Rehearsing {

    private static volatile boolean underWay;

    private Rehearsing() {
    }

    public static boolean underWay() {
        return underWay;
    }

    /** Marks the start or the end of a rehearsal. */
    public static void set(boolean rehearsing) {
        underWay = rehearsing;
    }
}
