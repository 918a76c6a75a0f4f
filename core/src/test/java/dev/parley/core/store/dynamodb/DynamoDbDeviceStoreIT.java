package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.model.Device;
import dev.parley.core.service.DeviceService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.store.DeviceStore.Registration;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbDeviceStoreIT {

    private static DynamoDbDeviceStore devices;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbDeviceStoreIT.class);
        devices = new DynamoDbDeviceStore(aws.enhanced(), aws.dynamoDb(), names.devices());
    }

    private static String user() {
        return "u" + UUID.randomUUID();
    }

    @Test
    void register_whenGivenRemovals_writesTheDeviceAndRemovesThemTogether() {
        var alice = user();
        var bob = user();
        var deviceId = "dv-" + UUID.randomUUID();
        devices.put(new Device(alice, deviceId, "fcm", null, 1L));
        devices.put(new Device(bob, "dv-old", "fcm", null, 1L));

        devices.register(new Device(bob, deviceId, "fcm", null, 2L),
                List.of(new Registration(alice, deviceId), new Registration(bob, "dv-old")));

        assertThat(devices.forUser(alice)).isEmpty();
        assertThat(devices.forUser(bob)).singleElement().satisfies(device -> assertThat(device.deviceId()).isEqualTo(deviceId));
        assertThat(devices.usersOf(deviceId)).containsExactly(bob);
    }

    @Test
    void register_whenAnotherUserTakesTheDevice_leavesItOnlyWithThem() {
        var service = new DeviceService(devices, new InMemoryChat().pushEndpoints,
                new RateLimiter(new InMemoryChat().throttleStore, Clock.systemUTC(), kind -> 1_000), Clock.systemUTC());
        var alice = user();
        var bob = user();
        var token = "token-" + UUID.randomUUID();

        var registered = service.register(alice, "apns", token);
        service.register(bob, "apns", token);

        assertThat(devices.forUser(alice)).isEmpty();
        assertThat(devices.forUser(bob)).extracting(Device::deviceId).containsExactly(registered.deviceId());
    }
}
