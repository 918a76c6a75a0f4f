package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Event;
import dev.parley.core.protocol.ErrorCode;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.TooLargeException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PresenceServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    @Test
    void connect_whenUserHasThreeDevices_isOnlineUntilTheLastLeaves() {
        fixture.connections.connect("c1", "alice");
        fixture.connections.connect("c2", "alice");
        fixture.connections.connect("c3", "alice");
        fixture.connections.disconnect("c1", "alice");
        fixture.connections.disconnect("c2", "alice");

        assertThat(fixture.chat.presence.get("alice").online()).isTrue();
        fixture.connections.disconnect("c3", "alice");
        fixture.connections.disconnect("c3", "alice");

        assertThat(fixture.chat.presence.get("alice").online()).isFalse();
        assertThat(fixture.chat.published(Event.PRESENCE_CHANGED)).extracting(e -> e.frame().get("status").asText())
                .containsExactly("online", "offline");
        assertThat(fixture.chat.connections).isEmpty();
    }

    @Test
    void connect_whenRecorded_landsInASweepBucketOfItsHour() {
        var connection = fixture.connections.connect("c1", "alice");

        assertThat(connection.sweepBucket()).matches("2026112410#[0-7]");
        assertThat(connection.expiresAt()).isEqualTo(fixture.clock.instant().plus(ConnectionService.CONNECTION_LIFETIME).getEpochSecond());
    }

    @Test
    void typing_whenRepeatedWithinTheWindow_publishesOnce() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThat(fixture.presence.typing("alice", channelId)).isTrue();
        assertThat(fixture.presence.typing("alice", channelId)).isFalse();
        fixture.clock.advance(PresenceService.TYPING_THROTTLE.plusSeconds(1));
        assertThat(fixture.presence.typing("alice", channelId)).isTrue();

        assertThat(fixture.chat.published(Event.TYPING)).hasSize(2);
        assertThat(fixture.chat.messages).isEmpty();
    }

    @Test
    void subscribe_whenUsersAreKnownOrNot_answersASnapshotAndWatches() {
        fixture.groupWith("alice", "bob");
        fixture.groupWith("carol", "alice", "dave");
        fixture.connections.connect("c-bob", "bob");
        fixture.connections.connect("c-carol", "carol");
        fixture.connections.disconnect("c-carol", "carol");

        var snapshot = fixture.presence.subscribe("alice", "c-alice", List.of("bob", "carol", "dave"));

        assertThat(snapshot).extracting(s -> s.userId() + ":" + s.online()).containsExactly("bob:true", "carol:false", "dave:false");
        assertThat(snapshot.get(1).lastSeenAt()).isNotNull();
        assertThat(snapshot.get(2).lastSeenAt()).isNull();
        assertThat(fixture.chat.presenceWatchStore.watchersOf("bob")).singleElement()
                .satisfies(w -> assertThat(w.connectionId()).isEqualTo("c-alice"));
    }

    @Test
    void subscribe_whenUsersShareNoChannelWithTheCaller_leavesThemOutWhetherTheyExistOrNot() {
        fixture.groupWith("alice", "bob");
        fixture.groupWith("carol", "erin");
        fixture.connections.connect("c-bob", "bob");
        fixture.connections.connect("c-carol", "carol");

        var snapshot = fixture.presence.subscribe("alice", "c-alice", List.of("carol", "bob", "nobody"));
        var loner = fixture.presence.subscribe("zed", "c-zed", List.of("bob", "carol"));

        assertThat(snapshot).extracting(s -> s.userId() + ":" + s.online()).containsExactly("bob:true");
        assertThat(loner).isEmpty();
        assertThat(fixture.chat.presenceWatchStore.watchersOf("carol")).isEmpty();
        assertThat(fixture.chat.presenceWatchStore.watchersOf("nobody")).isEmpty();
        assertThat(fixture.chat.presenceWatchStore.watchedBy("c-alice")).containsExactly("bob");
    }

    @Test
    void subscribe_whenTheConnectionWouldWatchMoreThanTheLimit_isTooLargeAndWatchesNoneOfThem() {
        var others = IntStream.range(0, Limits.MAX_PRESENCE_WATCHES_PER_CONNECTION + 1).mapToObj(i -> "user" + i).toList();
        fixture.groupWith("alice", others.toArray(String[]::new));
        var upToTheLimit = others.subList(0, Limits.MAX_PRESENCE_WATCHES_PER_CONNECTION);
        for (int from = 0; from < upToTheLimit.size(); from += Limits.MAX_PRESENCE_SUBSCRIPTIONS) {
            fixture.presence.subscribe("alice", "c-alice", upToTheLimit.subList(from, from + Limits.MAX_PRESENCE_SUBSCRIPTIONS));
        }

        var again = fixture.presence.subscribe("alice", "c-alice", upToTheLimit.subList(0, 3));

        assertThat(again).hasSize(3);
        assertThatThrownBy(() -> fixture.presence.subscribe("alice", "c-alice", List.of("user0", others.getLast())))
                .isInstanceOfSatisfying(TooLargeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(fixture.chat.presenceWatchStore.watchersOf(others.getLast())).isEmpty();
        assertThat(fixture.chat.presenceWatchStore.watchedBy("c-alice")).hasSize(Limits.MAX_PRESENCE_WATCHES_PER_CONNECTION);
        assertThat(fixture.presence.subscribe("alice", "c-other", List.of(others.getLast()))).hasSize(1);
    }

    @Test
    void sweep_whenAConnectionIsGone_removesItAndTheUserGoesOffline() {
        fixture.connections.connect("alive", "alice");
        fixture.connections.connect("dead", "bob");
        fixture.chat.goneConnections.add("dead");
        fixture.clock.advance(Duration.ofMinutes(90));
        var sweep = new SweepService(fixture.chat.connectionStore, fixture.chat.notifier, fixture.connections, fixture.clock, 4);

        var swept = sweep.sweep();

        assertThat(swept.checked()).isEqualTo(2);
        assertThat(swept.removed()).isEqualTo(1);
        assertThat(fixture.chat.connections).containsOnlyKeys("alive");
        assertThat(fixture.chat.presence.get("bob").online()).isFalse();
    }

    @Test
    void sweep_whenAConnectionsTokenHasExpired_closesItAndTheUserGoesOffline() {
        fixture.connections.connect("expiring", "alice", fixture.clock.instant().plus(Duration.ofMinutes(30)));
        fixture.connections.connect("fresh", "bob", fixture.clock.instant().plus(Duration.ofHours(1)));
        fixture.connections.connect("unknown", "carol");
        fixture.clock.advance(Duration.ofMinutes(31));
        var sweep = new SweepService(fixture.chat.connectionStore, fixture.chat.notifier, fixture.connections, fixture.clock, 4);

        var swept = sweep.sweep();

        assertThat(swept.closed()).isEqualTo(1);
        assertThat(fixture.chat.closedConnections).containsExactly("expiring");
        assertThat(fixture.chat.connections).containsOnlyKeys("fresh", "unknown");
        assertThat(fixture.chat.presence.get("alice").online()).isFalse();
        assertThat(fixture.chat.presence.get("bob").online()).isTrue();
    }
}
