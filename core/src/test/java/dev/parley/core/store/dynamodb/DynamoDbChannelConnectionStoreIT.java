package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChannelConnection;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbChannelConnectionStoreIT {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static DynamoDbChannelConnectionStore store;

    @BeforeAll
    static void tables() {
        var names = LocalTables.create(DynamoDbChannelConnectionStoreIT.class);
        store = new DynamoDbChannelConnectionStore(LocalAws.shared().dynamoDb(), names.channelConnections(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void forEachPage_whenManyConnections_readsEveryLiveOneOfThatChannelOnly() {
        var entries = new ArrayList<ChannelConnection>();
        for (int i = 0; i < 60; i++) {
            entries.add(new ChannelConnection("c-many", "conn-" + i, "user-" + (i % 7)));
        }
        store.putAll(entries, NOW.getEpochSecond() + 600);
        store.putAll(List.of(new ChannelConnection("c-other", "conn-x", "user-x")), NOW.getEpochSecond() + 600);
        store.putAll(List.of(new ChannelConnection("c-many", "conn-old", "user-old")), NOW.getEpochSecond() - 1);

        var read = new ArrayList<ChannelConnection>();
        store.forEachPage("c-many", read::addAll);

        assertThat(read).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void removeAll_whenSomeAreAbsentOrRepeated_removesThePresentOnes() {
        var kept = new ChannelConnection("c-rm", "a1", "alice");
        var dropped = new ChannelConnection("c-rm", "b1", "bob");
        store.putAll(List.of(kept, dropped, dropped), NOW.getEpochSecond() + 600);

        store.removeAll(List.of(dropped, dropped, new ChannelConnection("c-rm", "never", "nobody")));

        var read = new ArrayList<ChannelConnection>();
        store.forEachPage("c-rm", read::addAll);
        assertThat(read).containsExactly(kept);
    }
}
