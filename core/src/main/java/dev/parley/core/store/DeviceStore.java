package dev.parley.core.store;

import dev.parley.core.model.Device;
import java.util.List;

public interface DeviceStore {

    void put(Device device);

    List<Device> forUser(String userId);

    void remove(String userId, String deviceId);
}
