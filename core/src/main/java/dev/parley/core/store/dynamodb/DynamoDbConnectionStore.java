package dev.parley.core.store.dynamodb;

import static dev.parley.core.store.dynamodb.DynamoDb.s;

import dev.parley.core.model.Connection;
import dev.parley.core.store.ConnectionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Connections by id, found for the sweep through the {@code bySweepBucket} index (keys only). */
public final class DynamoDbConnectionStore implements ConnectionStore {

    private final DynamoDbClient client;
    private final String connectionsTable;
    private final DynamoDbTable<Connection> connections;

    public DynamoDbConnectionStore(DynamoDbEnhancedClient enhanced, DynamoDbClient client, String connectionsTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.connectionsTable = Objects.requireNonNull(connectionsTable, "connectionsTable");
        this.connections = enhanced.table(connectionsTable, Schemas.connection());
    }

    @Override
    public void put(Connection connection) {
        connections.putItem(connection);
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.getItem(r -> r.key(Key.builder().partitionValue(connectionId).build())
                .consistentRead(true)));
    }

    @Override
    public Optional<Connection> remove(String connectionId) {
        return Optional.ofNullable(connections.deleteItem(Key.builder().partitionValue(connectionId).build()));
    }

    @Override
    public List<String> idsInSweepBucket(String sweepBucket) {
        var ids = new ArrayList<String>();
        var pages = client.queryPaginator(QueryRequest.builder().tableName(connectionsTable).indexName(Schemas.BY_SWEEP_BUCKET)
                .keyConditionExpression("sweepBucket = :bucket")
                .expressionAttributeValues(Map.of(":bucket", s(sweepBucket)))
                .build());
        pages.items().forEach(item -> ids.add(item.get("connectionId").s()));
        return ids;
    }
}
