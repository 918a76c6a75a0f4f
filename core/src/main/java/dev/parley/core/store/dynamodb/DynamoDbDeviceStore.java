package dev.parley.core.store.dynamodb;

import dev.parley.core.model.Device;
import dev.parley.core.store.DeviceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Push devices by user, and through the {@code byDevice} index the users of a device. */
public final class DynamoDbDeviceStore implements DeviceStore {

    static final String BY_DEVICE = "byDevice";

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbClient client;
    private final String table;
    private final DynamoDbTable<Device> devices;

    public DynamoDbDeviceStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String devicesTable) {
        this.enhanced = enhanced;
        this.client = client;
        this.table = devicesTable;
        this.devices = enhanced.table(devicesTable, Schemas.device());
    }

    @Override
    public void put(Device device) {
        devices.putItem(device);
    }

    @Override
    public void register(Device device, Collection<Registration> removals) {
        if (removals.size() > MAX_REMOVALS) {
            throw new IllegalArgumentException(removals.size() + " removals, at most " + MAX_REMOVALS + " fit in one transaction");
        }
        if (removals.isEmpty()) {
            devices.putItem(device);
            return;
        }
        var transaction = TransactWriteItemsEnhancedRequest.builder().addPutItem(devices, device);
        for (var removal : removals) {
            transaction.addDeleteItem(devices, Key.builder().partitionValue(removal.userId()).sortValue(removal.deviceId()).build());
        }
        enhanced.transactWriteItems(transaction.build());
    }

    @Override
    public List<Device> forUser(String userId) {
        var found = new ArrayList<Device>();
        devices.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(userId).build())).items().forEach(found::add);
        return found;
    }

    @Override
    public List<String> usersOf(String deviceId) {
        var users = new ArrayList<String>();
        client.queryPaginator(QueryRequest.builder().tableName(table).indexName(BY_DEVICE)
                        .keyConditionExpression("deviceId = :device")
                        .expressionAttributeValues(Map.of(":device", AttributeValue.fromS(deviceId)))
                        .build())
                .items().forEach(item -> users.add(item.get("userId").s()));
        return users;
    }

    @Override
    public void remove(String userId, String deviceId) {
        devices.deleteItem(Key.builder().partitionValue(userId).sortValue(deviceId).build());
    }
}
