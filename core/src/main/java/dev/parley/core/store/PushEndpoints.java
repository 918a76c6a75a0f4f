package dev.parley.core.store;

import java.util.Optional;

/** The registry of push endpoints: platform applications and the endpoint of each device token. Sends nothing. */
public interface PushEndpoints {

    /** Creates (or takes over) the platform endpoint of a device token under a platform application; returns its ARN. */
    String createEndpoint(String platformApplicationArn, String deviceToken, String userData);

    /** The platform application configured for a platform, if any. */
    Optional<String> platformApplication(String platform);
}
