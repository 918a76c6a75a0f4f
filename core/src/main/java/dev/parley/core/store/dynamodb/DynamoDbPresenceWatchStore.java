package dev.parley.core.store.dynamodb;

import dev.parley.core.model.PresenceWatch;
import dev.parley.core.store.PresenceWatchStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Who watches whose presence, by watched user; entries expire with the watching connection. */
public final class DynamoDbPresenceWatchStore implements PresenceWatchStore {

    private final DynamoDbClient client;
    private final String watchTable;
    private final DynamoDbTable<PresenceWatch> watches;
    private final Clock clock;

    public DynamoDbPresenceWatchStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String watchTable) {
        this(enhanced, client, watchTable, Clock.systemUTC());
    }

    DynamoDbPresenceWatchStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String watchTable, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.watchTable = Objects.requireNonNull(watchTable, "watchTable");
        this.watches = enhanced.table(watchTable, Schemas.PRESENCE_WATCH);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void putAll(List<PresenceWatch> all) {
        var writes = all.stream().map(watch -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(Schemas.PRESENCE_WATCH.itemToMap(watch, true)).build()).build()).toList();
        DynamoDb.batchWrite(client, watchTable, writes);
    }

    /** Live watches only: TTL deletes expired ones some time after they expire, not at once. */
    @Override
    public List<PresenceWatch> watchersOf(String watchedUserId) {
        var now = clock.instant().getEpochSecond();
        var found = new ArrayList<PresenceWatch>();
        watches.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(watchedUserId).build())).items().forEach(watch -> {
            if (watch.expiresAt() > now) {
                found.add(watch);
            }
        });
        return found;
    }

    @Override
    public void remove(String watchedUserId, String connectionId) {
        watches.deleteItem(Key.builder().partitionValue(watchedUserId).sortValue(connectionId).build());
    }
}
