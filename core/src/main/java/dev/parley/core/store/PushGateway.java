package dev.parley.core.store;

import java.util.Map;
import java.util.Optional;

/** SNS for push: the notifications topic and platform endpoints. */
public interface PushGateway {

    /** Publishes a notification to the notifications topic with string message attributes. */
    void publishNotification(String message, Map<String, String> attributes);

    /** Sends to a platform endpoint; false when the endpoint is disabled or gone. */
    boolean publishToEndpoint(String endpointArn, String platformMessageJson);

    /** Creates (or finds) the platform endpoint of a device token under a platform application. */
    String createEndpoint(String platformApplicationArn, String deviceToken, String userData);

    /** The platform application configured for a platform, if any. */
    Optional<String> platformApplication(String platform);
}
