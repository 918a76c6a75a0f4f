package dev.parley.core.service;

import dev.parley.core.model.Device;
import dev.parley.core.protocol.Limits;
import dev.parley.core.service.Results.DeviceRegistered;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.DeviceStore.Registration;
import dev.parley.core.store.PushEndpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Objects;

/**
 * Push devices. Where a platform application is configured for the platform, the device gets an SNS platform
 * endpoint; every device also receives its user's pushes through the notifications topic.
 *
 * <p>A device belongs to one user at a time: registering it for another user (the app signed in as someone else)
 * removes the previous user's registration in the same transaction, so that user's pushes no longer reach it. A
 * user has at most {@link Limits#MAX_DEVICES_PER_USER} devices; registering one more evicts the least recently
 * registered, because a device that is no longer used is never unregistered while a new one must work.
 */
public final class DeviceService {

    private final DeviceStore devices;
    private final PushEndpoints endpoints;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public DeviceService(DeviceStore devices, PushEndpoints endpoints, RateLimiter rateLimiter, Clock clock) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Idempotent: the same token registers the same device, and registering it again makes it the most recent. */
    public DeviceRegistered register(String userId, String platform, String deviceToken) {
        rateLimiter.acquire(userId, RateLimits.REGISTER_DEVICE);
        var deviceId = Ids.device(platform, deviceToken);
        var endpointArn = endpoints.platformApplication(platform)
                .map(application -> endpoints.createEndpoint(application, deviceToken, userId))
                .orElse(null);
        var removals = new ArrayList<Registration>();
        for (var previousUser : devices.usersOf(deviceId)) {
            if (!previousUser.equals(userId)) {
                removals.add(new Registration(previousUser, deviceId));
            }
        }
        var others = devices.forUser(userId).stream().filter(device -> !device.deviceId().equals(deviceId))
                .sorted(Comparator.comparingLong(Device::createdAt).thenComparing(Device::deviceId))
                .toList();
        for (int i = 0; i < others.size() - (Limits.MAX_DEVICES_PER_USER - 1); i++) {
            removals.add(new Registration(userId, others.get(i).deviceId()));
        }
        // Beyond one transaction, the rest goes with the next registrations.
        var now = removals.subList(0, Math.min(removals.size(), DeviceStore.MAX_REMOVALS));
        devices.register(new Device(userId, deviceId, platform, endpointArn, clock.millis()), now);
        return new DeviceRegistered(deviceId, platform, endpointArn != null);
    }
}
