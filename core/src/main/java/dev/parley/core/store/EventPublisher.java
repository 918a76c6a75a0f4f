package dev.parley.core.store;

import dev.parley.core.model.Event;

/** Publishes events to the events topic; throws when the event was not accepted. */
public interface EventPublisher {

    void publish(Event event);
}
