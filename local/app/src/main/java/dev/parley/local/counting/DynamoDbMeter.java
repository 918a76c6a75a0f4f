package dev.parley.local.counting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.engines.RequestCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * DynamoDB's capacity: every data operation is sent to DynamoDB Local with {@code "ReturnConsumedCapacity":"TOTAL"}
 * (DynamoDB Local computes it as DynamoDB does: 1 KB write units, 4 KB read units, half for eventually consistent
 * reads, double for transactions, index writes included), and the units it reports are summed under
 * {@code dynamodb.readUnits.<operation>} or {@code dynamodb.writeUnits.<operation>}, and per table under
 * {@code dynamodb.tableUnits.<table>}. DynamoDB bills a {@code BatchGetItem} key that finds no item the minimum
 * read; DynamoDB Local reports nothing for it, so those are added here ({@code dynamodb.readUnitsForMissingKeys}).
 * Failed conditions are counted apart ({@code dynamodb.conditionFailed.<operation>}): DynamoDB Local reports no
 * capacity for them.
 */
final class DynamoDbMeter implements CountingProxy.Meter {

    static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RequestCounts counts;

    DynamoDbMeter(RequestCounts counts) {
        this.counts = counts;
    }

    @Override
    public byte[] prepare(String operation, byte[] body) {
        if (!READS.contains(operation) && !WRITES.contains(operation)) {
            return body;
        }
        var request = (ObjectNode) read(body);
        if (request.path("ReturnConsumedCapacity").asText("NONE").equals("NONE")) {
            request.put("ReturnConsumedCapacity", "TOTAL");
        }
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void measure(String operation, int status, byte[] request, byte[] response) {
        var read = READS.contains(operation);
        if (!read && !WRITES.contains(operation)) {
            return;
        }
        var answer = read(response);
        if (status >= 400) {
            var type = answer.path("__type").asText("");
            if (type.endsWith("ConditionalCheckFailedException") || type.endsWith("TransactionCanceledException")) {
                counts.increment("dynamodb.conditionFailed." + operation);
            }
            return;
        }
        var consumed = answer.path("ConsumedCapacity");
        if (consumed.isArray()) {
            consumed.forEach(entry -> add(operation, read, entry));
        } else if (consumed.isObject()) {
            add(operation, read, consumed);
        }
        if (operation.equals("BatchGetItem")) {
            missingKeys(read(request), answer);
        }
    }

    private void add(String operation, boolean read, JsonNode consumed) {
        var units = consumed.path("CapacityUnits").asDouble(
                consumed.path("ReadCapacityUnits").asDouble(0) + consumed.path("WriteCapacityUnits").asDouble(0));
        counts.add("dynamodb." + (read ? "readUnits." : "writeUnits.") + operation, units);
        counts.add("dynamodb.tableUnits." + consumed.path("TableName").asText("unknown"), units);
    }

    private void missingKeys(JsonNode request, JsonNode answer) {
        request.path("RequestItems").properties().forEach(table -> {
            var requested = table.getValue().path("Keys").size();
            var found = answer.path("Responses").path(table.getKey()).size();
            var unprocessed = answer.path("UnprocessedKeys").path(table.getKey()).path("Keys").size();
            var missing = requested - found - unprocessed;
            if (missing > 0) {
                var units = missing * (table.getValue().path("ConsistentRead").asBoolean(false) ? 1.0 : 0.5);
                counts.add("dynamodb.readUnits.BatchGetItem", units);
                counts.add("dynamodb.readUnitsForMissingKeys", units);
                counts.add("dynamodb.tableUnits." + table.getKey(), units);
            }
        });
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
