package dev.parley.core.store;

import dev.parley.core.model.Device;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

public interface DeviceStore {

    /** One user's registration of one device. */
    record Registration(String userId, String deviceId) {
        public Registration {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(deviceId, "deviceId");
        }
    }

    /** The most registrations {@link #register} removes at once: one transaction holds the device and these. */
    int MAX_REMOVALS = 99;

    void put(Device device);

    /**
     * Writes the device and removes the given registrations (at most {@link #MAX_REMOVALS}, never the device's own)
     * in one transaction: all of it happens or none.
     */
    void register(Device device, Collection<Registration> removals);

    List<Device> forUser(String userId);

    /**
     * The users a device is registered to. Read from an index, so a registration made in the last moments may be
     * missing.
     */
    List<String> usersOf(String deviceId);

    void remove(String userId, String deviceId);
}
