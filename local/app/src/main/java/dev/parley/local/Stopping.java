package dev.parley.local;

import java.util.List;

/** Stops what was started, the last started first; one part that fails to stop does not keep the others running. */
final class Stopping {

    private Stopping() {
    }

    static void inReverse(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + running.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        running.clear();
    }
}
