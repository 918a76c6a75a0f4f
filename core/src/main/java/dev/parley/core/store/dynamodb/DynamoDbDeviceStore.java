package dev.parley.core.store.dynamodb;

import dev.parley.core.model.Device;
import dev.parley.core.store.DeviceStore;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Push devices by user. */
public final class DynamoDbDeviceStore implements DeviceStore {

    private final DynamoDbTable<Device> devices;

    public DynamoDbDeviceStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String devicesTable) {
        this.devices = enhanced.table(devicesTable, Schemas.DEVICE);
    }

    @Override
    public void put(Device device) {
        devices.putItem(device);
    }

    @Override
    public List<Device> forUser(String userId) {
        var found = new ArrayList<Device>();
        devices.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(userId).build())).items().forEach(found::add);
        return found;
    }

    @Override
    public void remove(String userId, String deviceId) {
        devices.deleteItem(Key.builder().partitionValue(userId).sortValue(deviceId).build());
    }
}
