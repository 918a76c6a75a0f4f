package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.json.Json;
import dev.parley.core.model.Device;
import dev.parley.core.model.Event;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.protocol.Action;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.DeviceStore.Registration;
import dev.parley.core.store.PushGateway;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NotifyServiceTest {

    private final ChatFixture fixture = new ChatFixture();
    /** The notify queue's: a visibility timeout of 360 s, five receives, a batching window of 5 s. */
    private static final Duration REDELIVERY = Duration.ofSeconds(360 * 5 + 5);
    private final NotifyService notify = new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore,
            fixture.chat.presenceStore, fixture.chat.deviceStore, fixture.chat.throttleStore, fixture.chat.pushGateway,
            fixture.chat.delayedQueue, fixture.clock, REDELIVERY);
    private final DeviceService devices = new DeviceService(fixture.chat.deviceStore, fixture.chat.pushEndpoints, fixture.rateLimiter,
            fixture.clock);

    private String post(String channelId, String senderId, String text) {
        fixture.messages.send(senderId, new Action.SendMessage(channelId, "m" + System.nanoTime(), text, List.of(), null));
        return Json.write(fixture.chat.published(Event.MESSAGE_POSTED).getLast().toJson());
    }

    @Test
    void notify_whenMembersAreOfflineUnmutedAndNotTheSender_pushesToThem() {
        var channelId = fixture.groupWith("alice", "bob", "carol", "dave");
        fixture.connections.connect("c1", "carol");
        fixture.setMuted(channelId, "dave");

        var notified = notify.notify(post(channelId, "alice", "hi all"));

        assertThat(notified.pushed()).isEqualTo(1);
        assertThat(fixture.chat.notifications).singleElement().satisfies(n -> {
            assertThat(n).contains("\"userId\":\"bob\"").contains("\"kind\":\"message\"");
        });
    }

    @Test
    void notify_whenAMemberJoinedAfterTheMessageWasPosted_doesNotPushThem() {
        var channelId = fixture.groupWith("alice", "bob");
        var record = post(channelId, "alice", "before carol came");
        fixture.channels.join("carol", channelId);

        var notified = notify.notify(record);

        assertThat(notified.pushed()).isEqualTo(1);
        assertThat(fixture.chat.notifications).singleElement().satisfies(n -> assertThat(n).contains("\"userId\":\"bob\""));
    }

    @Test
    void notify_whenTheMemberReadTheMessageBeforeItsRecordCame_pushesOnlyWhatTheyHaveNotRead() {
        var channelId = fixture.groupWith("alice", "bob");
        var read = post(channelId, "alice", "read on another device");
        var unread = post(channelId, "alice", "not read yet");
        fixture.channels.markRead("bob", channelId, 1);

        assertThat(notify.notify(read).pushed()).isZero();
        assertThat(notify.notify(unread).pushed()).isEqualTo(1);
        assertThat(fixture.chat.notifications).singleElement().satisfies(n -> assertThat(n).contains("\"seq\":2"));
    }

    @Test
    void notify_whenSeveralMessagesArriveInTheWindow_coalescesThem() {
        var channelId = fixture.groupWith("alice", "bob");

        notify.notify(post(channelId, "alice", "one"));
        var second = notify.notify(post(channelId, "alice", "two"));
        fixture.clock.advance(NotifyService.COALESCING_WINDOW.plus(Duration.ofSeconds(1)));
        notify.notify(post(channelId, "alice", "three"));

        assertThat(second.coalesced()).isEqualTo(1);
        assertThat(fixture.chat.notifications).hasSize(2);
    }

    @Test
    void notify_whenTheChannelIsLarge_pushesOnlyMentions() {
        var channelId = fixture.groupWith("alice", ChatFixture.largeChannelMembers().toArray(String[]::new));

        var notified = notify.notify(post(channelId, "alice", "ping <@user3> and <@user7>, not @user5 or mail@user6"));

        assertThat(notified.pushed()).isEqualTo(2);
        assertThat(fixture.chat.notifications).allSatisfy(n -> assertThat(n).contains("\"kind\":\"mention\""));
        assertThat(fixture.chat.notifications).anySatisfy(n -> assertThat(n).contains("\"userId\":\"user3\""))
                .anySatisfy(n -> assertThat(n).contains("\"userId\":\"user7\""));
    }

    @Test
    void notify_whenTheOwnerMentionsChannelInALargeChannel_pushesEveryMemberAMention() {
        var others = ChatFixture.largeChannelMembers();
        var channelId = fixture.groupWith("alice", others.toArray(String[]::new));
        fixture.connections.connect("c1", "user0");
        fixture.setMuted(channelId, "user1");

        var notified = notify.notify(post(channelId, "alice", "<!channel> release at noon"));

        assertThat(notified.pushed()).isEqualTo(others.size() - 2);
        assertThat(fixture.chat.notifications).allSatisfy(n -> assertThat(n).contains("\"kind\":\"mention\""));
    }

    @Test
    void notify_whenTheOwnerMentionsHereInALargeChannel_pushesNoOne() {
        var channelId = fixture.groupWith("alice", ChatFixture.largeChannelMembers().toArray(String[]::new));

        assertThat(notify.notify(post(channelId, "alice", "<!here> who is around?")).pushed()).isZero();
    }

    @Test
    void notify_whenASmallChannelMessageMentionsOneMember_pushesThemAMentionAndTheOthersAMessage() {
        var channelId = fixture.groupWith("alice", "bob", "carol");

        notify.notify(post(channelId, "alice", "<@carol> can you look?"));

        assertThat(fixture.chat.notifications).hasSize(2)
                .anySatisfy(n -> assertThat(n).contains("\"userId\":\"carol\"").contains("\"kind\":\"mention\""))
                .anySatisfy(n -> assertThat(n).contains("\"userId\":\"bob\"").contains("\"kind\":\"message\""));
    }

    @Test
    void notify_whenUserHasADevice_pushesToItsEndpointAndForgetsDisabledOnes() {
        fixture.chat.platformApplications.put("fcm", "arn:aws:sns:us-east-1:000000000000:app/GCM/parley");
        var channelId = fixture.groupWith("alice", "bob");
        var registered = devices.register("bob", "fcm", "token-1");
        var again = devices.register("bob", "fcm", "token-1");
        assertThat(again.deviceId()).isEqualTo(registered.deviceId());
        assertThat(registered.pushEndpoint()).isTrue();

        var notified = notify.notify(post(channelId, "alice", "hello"));
        assertThat(notified.endpoints()).isEqualTo(1);

        fixture.chat.disabledEndpoints.add(fixture.chat.deviceStore.forUser("bob").getFirst().endpointArn());
        fixture.clock.advance(NotifyService.COALESCING_WINDOW.plus(Duration.ofSeconds(1)));
        notify.notify(post(channelId, "alice", "again"));
        assertThat(fixture.chat.deviceStore.forUser("bob")).isEmpty();
    }

    @Test
    void notify_whenPublishFails_releasesTheClaimSoARetryPushes() {
        var channelId = fixture.groupWith("alice", "bob");
        var record = post(channelId, "alice", "hello");
        fixture.chat.failPublishing = true;

        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failPublishing = false;
        assertThat(notify.notify(record).pushed()).isEqualTo(1);
    }

    @Test
    void notify_whenTheRecordIsRedeliveredAfterTheCoalescingWindow_pushesNoOneTwice() {
        var channelId = fixture.groupWith("alice", "bob", "carol", "dave");
        var record = post(channelId, "alice", "hello");
        var endpointsBefore = fixture.chat.notifications.size();
        // The push to dave fails, whoever was pushed before him: the record goes back to the queue.
        fixture.chat.failNotificationsFor.add("dave");
        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failNotificationsFor.clear();

        for (int receive = 2; receive <= 5; receive++) {
            fixture.clock.advance(Duration.ofSeconds(360));
            notify.notify(record);
        }

        assertThat(fixture.chat.notifications).hasSize(endpointsBefore + 3);
        for (var user : List.of("bob", "carol", "dave")) {
            assertThat(fixture.chat.notifications).filteredOn(n -> n.contains("\"userId\":\"" + user + "\"")).hasSize(1);
        }
    }

    /**
     * The fixture's push gateway, whose topic publish first runs {@code arrive}, then waits for {@code awaited} (10 s at
     * most) and clears {@code allAwaited} when that wait ran out.
     */
    private PushGateway publishingOnceAwaited(Runnable arrive, CountDownLatch awaited, AtomicBoolean allAwaited) {
        return new PushGateway() {
            @Override
            public void publishNotification(String message, Map<String, String> attributes) {
                arrive.run();
                try {
                    if (!awaited.await(10, TimeUnit.SECONDS)) {
                        allAwaited.set(false);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                fixture.chat.pushGateway.publishNotification(message, attributes);
            }

            @Override
            public boolean publishToEndpoint(String endpointArn, String platformMessageJson) {
                return fixture.chat.pushGateway.publishToEndpoint(endpointArn, platformMessageJson);
            }
        };
    }

    @Test
    void notify_whenSeveralMembersAreOffline_pushesThemAtTheSameTime() throws Exception {
        var channelId = fixture.groupWith("alice", "bob", "carol", "dave");
        var allInside = new CountDownLatch(3);
        var metInside = new AtomicBoolean(true);
        PushGateway waitingForTheOthers = publishingOnceAwaited(allInside::countDown, allInside, metInside);
        var concurrent = new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.presenceStore,
                fixture.chat.deviceStore, fixture.chat.throttleStore, waitingForTheOthers, fixture.chat.delayedQueue, fixture.clock,
                REDELIVERY);

        var notified = concurrent.notify(post(channelId, "alice", "hi all"));

        assertThat(metInside).as("the three pushes were under way together").isTrue();
        assertThat(notified.pushed()).isEqualTo(3);
    }

    @Test
    void notify_whenPushingAMember_readsTheirDevicesBesideTheTopicsPublish() {
        fixture.chat.platformApplications.put("fcm", "arn:aws:sns:us-east-1:000000000000:app/GCM/parley");
        var channelId = fixture.groupWith("alice", "bob");
        devices.register("bob", "fcm", "token-1");
        var devicesAsked = new CountDownLatch(1);
        var publishedAfterTheRead = new AtomicBoolean(true);
        var store = fixture.chat.deviceStore;
        DeviceStore watched = new DeviceStore() {
            @Override
            public void put(Device device) {
                store.put(device);
            }

            @Override
            public void register(Device device, Collection<Registration> removals) {
                store.register(device, removals);
            }

            @Override
            public List<Device> forUser(String userId) {
                devicesAsked.countDown();
                return store.forUser(userId);
            }

            @Override
            public List<String> usersOf(String deviceId) {
                return store.usersOf(deviceId);
            }

            @Override
            public void remove(String userId, String deviceId) {
                store.remove(userId, deviceId);
            }
        };
        PushGateway waitingForTheRead = publishingOnceAwaited(() -> { }, devicesAsked, publishedAfterTheRead);
        var beside = new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.presenceStore, watched,
                fixture.chat.throttleStore, waitingForTheRead, fixture.chat.delayedQueue, fixture.clock, REDELIVERY);

        var notified = beside.notify(post(channelId, "alice", "hello"));

        assertThat(publishedAfterTheRead).as("the devices were asked for while the publish was under way").isTrue();
        assertThat(notified.endpoints()).isEqualTo(1);
    }

    @Test
    void notify_whenOneMembersPushFails_pushesTheOthersAndFailsTheRecord() {
        var channelId = fixture.groupWith("alice", "bob", "carol", "dave");
        var record = post(channelId, "alice", "hello");
        fixture.chat.failNotificationsFor.add("carol");

        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(IllegalStateException.class);

        assertThat(fixture.chat.notifications).hasSize(2)
                .anySatisfy(n -> assertThat(n).contains("\"userId\":\"bob\""))
                .anySatisfy(n -> assertThat(n).contains("\"userId\":\"dave\""));
        fixture.chat.failNotificationsFor.clear();
        fixture.clock.advance(Duration.ofSeconds(360));
        assertThat(notify.notify(record).pushed()).isEqualTo(1);
        assertThat(fixture.chat.notifications).hasSize(3).anySatisfy(n -> assertThat(n).contains("\"userId\":\"carol\""));
    }

    @Test
    void notify_whenAnotherMessageComesAfterARedeliveryWasRefused_pushesIt() {
        var channelId = fixture.groupWith("alice", "bob");
        var record = post(channelId, "alice", "hello");
        notify.notify(record);
        fixture.clock.advance(Duration.ofSeconds(360));
        assertThat(notify.notify(record).pushed()).isZero();

        assertThat(notify.notify(post(channelId, "alice", "later")).pushed()).isEqualTo(1);
    }

    @Test
    void constructor_whenTheRedeliveryWindowIsShorterThanTheCoalescingWindow_refuses() {
        assertThatThrownBy(() -> new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.presenceStore,
                fixture.chat.deviceStore, fixture.chat.throttleStore, fixture.chat.pushGateway, fixture.chat.delayedQueue, fixture.clock,
                Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notify_whenEventIsNotAPost_ignoresIt() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.presence.typing("alice", channelId);

        var notified = notify.notify(Json.write(fixture.chat.published(Event.TYPING).getFirst().toJson()));

        assertThat(notified.pushed()).isZero();
    }

    @Test
    void notify_whenRecordIsNotAnEvent_throwsMalformedRecord() {
        assertThatThrownBy(() -> notify.notify("{not json")).isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> notify.notify("{\"v\":1,\"type\":\"message.posted\"}")).isInstanceOf(MalformedRecordException.class);
    }
}
