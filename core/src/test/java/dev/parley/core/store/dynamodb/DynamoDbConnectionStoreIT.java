package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Connection;
import dev.parley.core.model.Device;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbConnectionStoreIT {

    private static DynamoDbConnectionStore connections;
    private static DynamoDbDeviceStore devices;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbConnectionStoreIT.class);
        connections = new DynamoDbConnectionStore(aws.enhanced(), aws.dynamoDb(), names.connections());
        devices = new DynamoDbDeviceStore(aws.enhanced(), aws.dynamoDb(), names.devices());
    }

    @Test
    void remove_whenStored_returnsWhatWasStoredOnce() {
        var connection = new Connection("k-" + UUID.randomUUID(), "alice", 1L, "2026112419#1", 2L);
        connections.put(connection);

        assertThat(connections.find(connection.connectionId())).contains(connection);
        assertThat(connections.remove(connection.connectionId())).contains(connection);
        assertThat(connections.remove(connection.connectionId())).isEmpty();
        assertThat(connections.find(connection.connectionId())).isEmpty();
    }

    @Test
    void find_whenStoredWithAnAuthorizationExpiry_returnsIt() {
        var connection = new Connection("k-" + UUID.randomUUID(), "alice", 1L, "2026112419#1", 2L, 3L);
        connections.put(connection);

        assertThat(connections.find(connection.connectionId())).contains(connection);
    }

    @Test
    void idsInSweepBucket_whenManyConnections_listsTheBucketOnly() {
        var bucket = "2026112420#" + UUID.randomUUID();
        var ids = new ArrayList<String>();
        for (var i = 0; i < 40; i++) {
            var id = "k-" + i + "-" + UUID.randomUUID();
            connections.put(new Connection(id, "user-" + i, 1L, bucket, 2L));
            ids.add(id);
        }
        connections.put(new Connection("k-other-" + UUID.randomUUID(), "x", 1L, "2026112420#other", 2L));

        assertThat(connections.idsInSweepBucket(bucket)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(connections.idsInSweepBucket("2000010100#0")).isEmpty();
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
