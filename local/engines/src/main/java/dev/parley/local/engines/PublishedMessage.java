package dev.parley.local.engines;

import java.util.Map;

/**
 * A message published to a topic or to a platform endpoint.
 *
 * @param topicArn   the topic or platform endpoint ARN it was published to
 * @param messageId  the id returned to the publisher
 * @param message    the message body
 * @param attributes the message attributes, name to string value (binary values base64-encoded)
 * @param subject    the subject, or {@code null}
 */
public record PublishedMessage(String topicArn, String messageId, String message, Map<String, String> attributes, String subject) {

    public PublishedMessage {
        attributes = Map.copyOf(attributes);
    }
}
