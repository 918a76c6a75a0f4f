package dev.parley.core.store;

import java.util.Map;

/** Sending push: the notifications topic and delivery to platform endpoints. */
public interface PushGateway {

    /** Publishes a notification to the notifications topic with string message attributes; throws when not accepted. */
    void publishNotification(String message, Map<String, String> attributes);

    /** Sends to a platform endpoint; false when the endpoint is disabled or gone. */
    boolean publishToEndpoint(String endpointArn, String platformMessageJson);
}
