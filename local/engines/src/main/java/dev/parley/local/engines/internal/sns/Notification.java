package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** A message published to a topic, as each of its subscriptions is delivered it. */
record Notification(String topicArn, String messageId, String message, JsonNode structure, String subject,
                            Map<String, MessageAttribute> attributes, String groupId, String deduplicationId, Instant timestamp) {

    String messageFor(String protocol) {
        if (structure == null) {
            return message;
        }
        JsonNode specific = structure.path(protocol);
        return specific.isTextual() ? specific.textValue() : structure.path("default").textValue();
    }
}
