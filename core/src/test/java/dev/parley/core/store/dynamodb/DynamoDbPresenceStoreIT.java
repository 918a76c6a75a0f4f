package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Presence;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbPresenceStoreIT {

    private static final long NOW_SECONDS = 1_764_000_000L;

    private static DynamoDbPresenceStore presence;
    private static DynamoDbPresenceWatchStore watches;
    private static String presenceTable;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbPresenceStoreIT.class);
        presenceTable = names.presence();
        presence = new DynamoDbPresenceStore(aws.dynamoDb(), names.presence());
        watches = new DynamoDbPresenceWatchStore(aws.enhanced(), aws.dynamoDb(), names.presenceWatch(),
                Clock.fixed(Instant.ofEpochSecond(NOW_SECONDS), ZoneOffset.UTC));
    }

    @Test
    void addConnection_whenSecondDevice_staysOnlineUntilTheLastLeaves() {
        var user = "alice-" + UUID.randomUUID();

        var firstOnline = presence.addConnection(user, "phone", 1L);
        var secondOnline = presence.addConnection(user, "laptop", 2L);
        var phoneOffline = presence.removeConnection(user, "phone", 3L);
        var stillThere = presence.findAll(List.of(user)).get(user);
        var laptopOffline = presence.removeConnection(user, "laptop", 4L);
        var again = presence.removeConnection(user, "laptop", 5L);

        assertThat(firstOnline).isTrue();
        assertThat(secondOnline).isFalse();
        assertThat(phoneOffline).isFalse();
        assertThat(stillThere.connectionIds()).containsExactly("laptop");
        assertThat(laptopOffline).isTrue();
        assertThat(again).isFalse();
        assertThat(presence.findAll(List.of(user)).get(user)).satisfies(p -> {
            assertThat(p.online()).isFalse();
            assertThat(p.lastSeenAt()).isEqualTo(4L);
        });
    }

    @Test
    void addConnection_whenBackAfterOffline_goesOnlineAgain() {
        var user = "bob-" + UUID.randomUUID();
        presence.addConnection(user, "k1", 1L);
        presence.removeConnection(user, "k1", 2L);

        assertThat(presence.addConnection(user, "k2", 3L)).isTrue();
        assertThat(presence.findAll(List.of(user)).get(user).connectionIds()).containsExactly("k2");
    }

    @Test
    void removeConnection_whenAnotherDeviceConnectsMeanwhile_neverLeavesTheUserOffline() throws Exception {
        for (var round = 0; round < 15; round++) {
            var user = "race-" + round + "-" + UUID.randomUUID();
            presence.addConnection(user, "phone", 1L);
            var start = new CountDownLatch(1);
            boolean removedLast;
            boolean cameOnline;
            try (var executor = Executors.newFixedThreadPool(2)) {
                Future<Boolean> remove = executor.submit(() -> {
                    start.await();
                    return presence.removeConnection(user, "phone", 2L);
                });
                Future<Boolean> add = executor.submit(() -> {
                    start.await();
                    return presence.addConnection(user, "laptop", 2L);
                });
                start.countDown();
                removedLast = remove.get();
                cameOnline = add.get();
            }

            var stored = LocalAws.shared().dynamoDb()
                    .getItem(r -> r.tableName(presenceTable).key(Map.of("userId", AttributeValue.fromS(user))).consistentRead(true))
                    .item();
            assertThat(stored.get("connectionIds").ss()).containsExactly("laptop");
            assertThat(stored.get("status").s()).isEqualTo("online");
            if (removedLast) {
                assertThat(cameOnline).as("an offline transition is followed by an online one").isTrue();
            }
        }
    }

    @Test
    void removeConnection_whenUserNeverSeen_isFalseAndWritesNothing() {
        var user = "ghost-" + UUID.randomUUID();

        assertThat(presence.removeConnection(user, "k1", 1L)).isFalse();
        assertThat(presence.findAll(List.of(user))).isEmpty();
    }

    @Test
    void findAll_whenManyUsers_returnsOnlyKnownOnes() {
        var users = new ArrayList<String>();
        for (var i = 0; i < 120; i++) {
            var user = "many-" + i + "-" + UUID.randomUUID();
            presence.addConnection(user, "k-" + i, 1L);
            users.add(user);
        }
        var asked = new ArrayList<>(users);
        asked.add("unknown-" + UUID.randomUUID());

        var found = presence.findAll(asked);

        assertThat(found).containsOnlyKeys(users);
        assertThat(found.values()).allMatch(Presence::online);
    }

    @Test
    void watchersOf_whenWatchesPutInBatches_listsLiveOnesOnly() {
        var watched = "carol-" + UUID.randomUUID();
        var list = new ArrayList<PresenceWatch>();
        for (var i = 0; i < 30; i++) {
            list.add(new PresenceWatch(watched, "conn-" + i, "watcher-" + i, NOW_SECONDS + 60));
        }
        list.add(new PresenceWatch(watched, "conn-0", "watcher-0", NOW_SECONDS + 60));
        list.add(new PresenceWatch(watched, "expired", "watcher-x", NOW_SECONDS - 1));

        watches.putAll(list);
        watches.remove(watched, "conn-1");
        var watchers = watches.watchersOf(watched);

        assertThat(watchers).hasSize(29);
        assertThat(watchers).extracting(PresenceWatch::connectionId).doesNotContain("conn-1", "expired");
        assertThat(watchers).filteredOn(w -> w.connectionId().equals("conn-2")).singleElement()
                .isEqualTo(new PresenceWatch(watched, "conn-2", "watcher-2", NOW_SECONDS + 60));
        assertThat(watches.watchersOf("nobody-" + UUID.randomUUID())).isEmpty();
        assertThat(Set.copyOf(watchers)).hasSize(29);
    }
}
