package dev.parley.core.store;

/** A queue a function sends itself work to, to be handed back later: the summary of pushes held back by coalescing. */
public interface DelayedQueue {

    /** The longest delay SQS allows. */
    int MAX_DELAY_SECONDS = 900;

    /** Queues one record, visible to consumers after {@code delaySeconds} (0 to {@link #MAX_DELAY_SECONDS}). */
    void send(String body, int delaySeconds);
}
