package dev.parley.core.model;

import java.util.Objects;

/** A registered push device; {@code endpointArn} is absent where no platform application is configured. */
public record Device(String userId, String deviceId, String platform, String endpointArn, long createdAt) {
    public Device {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(platform, "platform");
    }
}
