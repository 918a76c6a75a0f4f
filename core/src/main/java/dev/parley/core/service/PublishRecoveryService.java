package dev.parley.core.service;

import dev.parley.core.model.Message;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.PendingPublishStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes again the sends still marked pending: a send whose function died, or whose publish failed, between storing
 * the message and the event reaching fan-out. A mark younger than {@link #GRACE} is left alone, since its send or
 * fan-out may still be under way; an older one is re-checked with a consistent read (the index lags), published with
 * the message's own event id and cleared. A member may then receive the event twice; clients keep one per seq.
 */
public final class PublishRecoveryService {

    /** Longer than a send takes from its write to fan-out clearing the mark, by far: fan-out has no batching window. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    /** Marks one pass takes; more wait for the next pass. */
    static final int MAX_PER_PASS = 500;

    /** What one pass did. */
    public record Recovered(int found, int republished) {
    }

    /** Some marked sends could not be published; they stay marked and the next pass tries them again. */
    public static final class RecoveryIncompleteException extends RuntimeException {
        public RecoveryIncompleteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PendingPublishStore pending;
    private final HistoryStore messages;
    private final EventPublisher events;
    private final Clock clock;

    public PublishRecoveryService(PendingPublishStore pending, HistoryStore messages, EventPublisher events, Clock clock) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Recovered recover() {
        var found = pending.olderThan(clock.millis() - GRACE.toMillis(), MAX_PER_PASS);
        int republished = 0;
        int failed = 0;
        RuntimeException firstFailure = null;
        for (var send : found) {
            try {
                if (!pending.isPending(send.dedupKey())) {
                    continue;
                }
                // A message gone (expired) or skipped has nothing to deliver; its mark only goes.
                var message = messages.find(send.channelId(), send.seq()).filter(m -> !m.skipped());
                if (message.isPresent()) {
                    events.publish(MessageService.posted(message.get()));
                    republishThread(message.get());
                    republished++;
                }
                pending.clear(send.dedupKey());
            } catch (RuntimeException e) {
                failed++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (failed > 0) {
            throw new RecoveryIncompleteException(failed + " of " + found.size() + " pending sends not published", firstFailure);
        }
        return new Recovered(found.size(), republished);
    }

    /** A recovered reply's root summary may not have reached its members either: its current one goes out again. */
    private void republishThread(Message message) {
        if (!message.isReply()) {
            return;
        }
        messages.find(message.channelId(), message.threadSeq()).filter(root -> root.thread().hasReplies())
                .ifPresent(root -> events.publish(MessageService.threadUpdated(root, message.senderId())));
    }
}
