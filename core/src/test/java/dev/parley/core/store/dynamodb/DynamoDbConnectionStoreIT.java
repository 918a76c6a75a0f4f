package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Device;
import dev.parley.core.store.ConnectionStore;
import dev.parley.core.store.ConnectionStoreContract;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection store contract on DynamoDB Local, and the device store beside it. */
class DynamoDbConnectionStoreIT extends ConnectionStoreContract {

    private static DynamoDbConnectionStore connections;
    private static DynamoDbDeviceStore devices;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbConnectionStoreIT.class);
        connections = new DynamoDbConnectionStore(aws.enhanced(), aws.dynamoDb(), names.connections());
        devices = new DynamoDbDeviceStore(aws.enhanced(), aws.dynamoDb(), names.devices());
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Test
    void forUser_whenDevicesPutAndRemoved_listsTheRest() {
        var user = "alice-" + UUID.randomUUID();
        var phone = new Device(user, "phone", "apns", "arn:aws:sns:us-east-1:000000000000:endpoint/APNS/app/1", 1L);
        var tablet = new Device(user, "tablet", "fcm", null, 2L);

        devices.put(phone);
        devices.put(tablet);
        devices.remove(user, "tablet");

        assertThat(devices.forUser(user)).containsExactly(phone);
        assertThat(devices.forUser("nobody-" + UUID.randomUUID())).isEmpty();
    }
}
