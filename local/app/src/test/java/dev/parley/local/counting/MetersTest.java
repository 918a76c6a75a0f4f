package dev.parley.local.counting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.local.engines.RequestCounts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetersTest {

    private final RequestCounts counts = new RequestCounts();

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void operation_whenJsonProtocol_isTheTargetsLastPart() {
        assertThat(CountingProxy.operation("DynamoDB_20120810.TransactWriteItems", new byte[0])).isEqualTo("TransactWriteItems");
        assertThat(CountingProxy.operation("AmazonSQS.ReceiveMessage", new byte[0])).isEqualTo("ReceiveMessage");
    }

    @Test
    void operation_whenQueryProtocol_isTheAction() {
        assertThat(CountingProxy.operation(null, bytes("Version=2012-11-05&Action=SendMessage&QueueUrl=x"))).isEqualTo("SendMessage");
        assertThat(CountingProxy.operation(null, bytes("nothing"))).isEqualTo("unknown");
    }

    @Test
    void prepare_whenDataOperationWithoutCapacity_asksForTotal() {
        var meter = new DynamoDbMeter(counts);

        var prepared = new String(meter.prepare("PutItem", bytes("{\"TableName\":\"t\"}")), StandardCharsets.UTF_8);

        assertThat(prepared).contains("\"ReturnConsumedCapacity\":\"TOTAL\"");
    }

    @Test
    void prepare_whenControlOperationOrCapacityAsked_forwardsAsItCame() {
        var meter = new DynamoDbMeter(counts);
        var describe = bytes("{\"TableName\":\"t\"}");
        var indexes = bytes("{\"TableName\":\"t\",\"ReturnConsumedCapacity\":\"INDEXES\"}");

        assertThat(meter.prepare("DescribeTable", describe)).isSameAs(describe);
        assertThat(new String(meter.prepare("Query", indexes), StandardCharsets.UTF_8)).contains("INDEXES");
    }

    @Test
    void measure_whenTransaction_sumsEveryTablesWriteUnits() {
        var meter = new DynamoDbMeter(counts);

        meter.measure("TransactWriteItems", 200, bytes("{}"), bytes("{\"ConsumedCapacity\":[{\"TableName\":\"P-MessagesAB12CD34\","
                + "\"CapacityUnits\":2.0},{\"TableName\":\"P-Dedup\",\"CapacityUnits\":4.0}]}"));

        assertThat(counts.snapshot()).containsEntry("dynamodb.writeUnits.TransactWriteItems", 6.0)
                .containsEntry("dynamodb.tableUnits.P-MessagesAB12CD34", 2.0).containsEntry("dynamodb.tableUnits.P-Dedup", 4.0);
    }

    @Test
    void measure_whenBatchGetFindsSomeKeys_addsTheMinimumReadForTheOthers() {
        var meter = new DynamoDbMeter(counts);
        var request = bytes("{\"RequestItems\":{\"Presence\":{\"Keys\":[{\"userId\":{\"S\":\"a\"}},{\"userId\":{\"S\":\"b\"}},"
                + "{\"userId\":{\"S\":\"c\"}}]}}}");

        meter.measure("BatchGetItem", 200, request, bytes("{\"Responses\":{\"Presence\":[{\"userId\":{\"S\":\"a\"}}]},"
                + "\"UnprocessedKeys\":{},\"ConsumedCapacity\":[{\"TableName\":\"Presence\",\"CapacityUnits\":0.5}]}"));

        assertThat(counts.snapshot()).containsEntry("dynamodb.readUnits.BatchGetItem", 1.5)
                .containsEntry("dynamodb.readUnitsForMissingKeys", 1.0);
    }

    @Test
    void measure_whenConditionFails_countsItApart() {
        var meter = new DynamoDbMeter(counts);

        meter.measure("PutItem", 400, bytes("{}"),
                bytes("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\"}"));

        assertThat(counts.snapshot()).containsOnlyKeys("dynamodb.conditionFailed.PutItem");
    }

    @Test
    void measure_whenReceiveComesBackEmpty_countsAnEmptyReceive() {
        var meter = new SqsMeter(counts);

        meter.measure("ReceiveMessage", 200, bytes("{}"), bytes("{}"));
        meter.measure("ReceiveMessage", 200, bytes("{}"), bytes("{\"Messages\":[{\"MessageId\":\"1\"},{\"MessageId\":\"2\"}]}"));
        meter.measure("DeleteMessageBatch", 200, bytes("{\"Entries\":[{\"Id\":\"0\"},{\"Id\":\"1\"}]}"), bytes("{}"));

        assertThat(counts.snapshot()).containsEntry("sqs.emptyReceives", 1.0).containsEntry("sqs.receivesWithMessages", 1.0)
                .containsEntry("sqs.messagesReceived", 2.0).containsEntry("sqs.messagesDeleted", 2.0);
    }

    @Test
    void reset_setsEveryCounterToZero() {
        counts.increment("a");
        counts.add("b", 2.5);

        counts.reset();

        assertThat(counts.snapshot()).isEmpty();
    }
}
