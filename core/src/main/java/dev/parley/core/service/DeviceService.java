package dev.parley.core.service;

import dev.parley.core.model.Device;
import dev.parley.core.service.Results.DeviceRegistered;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.PushGateway;
import java.time.Clock;
import java.util.Objects;

/**
 * Push devices. Where a platform application is configured for the platform, the device gets an SNS platform
 * endpoint; every device also receives its user's pushes through the notifications topic.
 */
public final class DeviceService {

    private final DeviceStore devices;
    private final PushGateway push;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public DeviceService(DeviceStore devices, PushGateway push, RateLimiter rateLimiter, Clock clock) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.push = Objects.requireNonNull(push, "push");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Idempotent: the same token registers the same device. */
    public DeviceRegistered register(String userId, String platform, String deviceToken) {
        rateLimiter.acquire(userId, RateLimits.REGISTER_DEVICE);
        var deviceId = Ids.device(platform, deviceToken);
        var endpointArn = push.platformApplication(platform)
                .map(application -> push.createEndpoint(application, deviceToken, userId))
                .orElse(null);
        devices.put(new Device(userId, deviceId, platform, endpointArn, clock.millis()));
        return new DeviceRegistered(deviceId, platform, endpointArn != null);
    }
}
