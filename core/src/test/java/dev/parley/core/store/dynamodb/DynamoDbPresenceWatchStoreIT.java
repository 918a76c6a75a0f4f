package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.PresenceWatch;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbPresenceWatchStoreIT {

    private static DynamoDbPresenceWatchStore watches;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbPresenceWatchStoreIT.class);
        watches = new DynamoDbPresenceWatchStore(aws.enhanced(), aws.dynamoDb(), names.presenceWatch());
    }

    private static String connection() {
        return "conn-" + UUID.randomUUID();
    }

    @Test
    void addWatched_whenTheListIsAsExpected_growsItAndCountsEachUserOnce() {
        var connection = connection();

        var first = watches.addWatched(connection, 0, Set.of("bob", "carol"), 4_000_000_000L);
        var second = watches.addWatched(connection, 2, Set.of("carol", "dave"), 4_000_000_000L);

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(watches.watchedBy(connection)).containsExactlyInAnyOrder("bob", "carol", "dave");
        assertThat(watches.watchedBy(connection())).isEmpty();
    }

    @Test
    void addWatched_whenAnotherSubscriptionChangedTheListFirst_writesNothing() {
        var connection = connection();
        watches.addWatched(connection, 0, Set.of("bob"), 4_000_000_000L);

        var fromEmpty = watches.addWatched(connection, 0, Set.of("carol"), 4_000_000_000L);
        var fromStaleSize = watches.addWatched(connection, 3, Set.of("dave"), 4_000_000_000L);

        assertThat(fromEmpty).isFalse();
        assertThat(fromStaleSize).isFalse();
        assertThat(watches.watchedBy(connection)).containsExactly("bob");
    }

    @Test
    void watchersOf_whenConnectionsKeepWatchLists_findsOnlyTheWatches() {
        var connection = connection();
        var watched = "erin-" + UUID.randomUUID();
        watches.putAll(List.of(new PresenceWatch(watched, connection, "alice", 4_000_000_000L)));
        watches.addWatched(connection, 0, Set.of(watched), 4_000_000_000L);

        assertThat(watches.watchersOf(watched)).singleElement().satisfies(watch -> {
            assertThat(watch.connectionId()).isEqualTo(connection);
            assertThat(watch.watcherUserId()).isEqualTo("alice");
        });
    }
}
