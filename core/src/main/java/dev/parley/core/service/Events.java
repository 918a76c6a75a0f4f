package dev.parley.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.model.Event;
import java.util.List;

/** Builds envelopes; ids of events about stored facts are derived from the fact, so a re-publish is recognisable. */
final class Events {

    private Events() {
    }

    static Event of(String eventId, String type, String channelId, String actorId, long occurredAt, ObjectNode frame) {
        return new Event(eventId, type, channelId, actorId, occurredAt, List.of(), frame);
    }

    static Event fresh(String type, String channelId, String actorId, long occurredAt, ObjectNode frame) {
        return of(Ids.eventId(), type, channelId, actorId, occurredAt, frame);
    }
}
