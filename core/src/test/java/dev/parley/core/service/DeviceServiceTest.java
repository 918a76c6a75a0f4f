package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.MutableClock;
import dev.parley.core.model.Device;
import dev.parley.core.protocol.Limits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceServiceTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DeviceService devices = new DeviceService(chat.deviceStore, chat.pushEndpoints,
            new RateLimiter(chat.throttleStore, clock, kind -> 1_000), clock);

    private void register(String userId, String token) {
        devices.register(userId, "fcm", token);
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void register_whenTheDeviceWasRegisteredByAnotherUser_movesItToTheNewUser() {
        chat.platformApplications.put("fcm", "arn:aws:sns:us-east-1:000000000000:app/GCM/parley");
        register("alice", "token-1");
        register("alice", "token-2");

        register("bob", "token-1");

        assertThat(chat.deviceStore.forUser("bob")).singleElement().satisfies(device -> assertThat(device.endpointArn()).isNotNull());
        assertThat(chat.deviceStore.forUser("alice")).singleElement()
                .satisfies(device -> assertThat(device.deviceId()).isEqualTo(Ids.device("fcm", "token-2")));
        assertThat(chat.deviceStore.usersOf(Ids.device("fcm", "token-1"))).containsExactly("bob");
    }

    @Test
    void register_whenTheSameUserRegistersAgain_keepsOneDevice() {
        register("alice", "token-1");
        register("alice", "token-1");

        assertThat(chat.deviceStore.forUser("alice")).hasSize(1);
    }

    @Test
    void register_whenTheUserHasTheMostDevices_evictsTheLeastRecentlyRegistered() {
        for (int i = 0; i < Limits.MAX_DEVICES_PER_USER; i++) {
            register("alice", "token-" + i);
        }
        register("alice", "token-0");

        register("alice", "token-new");

        assertThat(chat.deviceStore.forUser("alice")).hasSize(Limits.MAX_DEVICES_PER_USER)
                .extracting(Device::deviceId)
                .contains(Ids.device("fcm", "token-0"), Ids.device("fcm", "token-new"))
                .doesNotContain(Ids.device("fcm", "token-1"));
    }

    @Test
    void register_whenTheUserIsOverTheCap_trimsToIt() {
        for (int i = 0; i < Limits.MAX_DEVICES_PER_USER + 5; i++) {
            chat.deviceStore.put(new Device("alice", "old-" + i, "fcm", null, i));
        }

        register("alice", "token-new");

        assertThat(chat.deviceStore.forUser("alice")).hasSize(Limits.MAX_DEVICES_PER_USER)
                .extracting(Device::deviceId).contains(Ids.device("fcm", "token-new")).doesNotContain("old-0", "old-5");
    }
}
