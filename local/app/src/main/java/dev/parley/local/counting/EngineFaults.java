package dev.parley.local.counting;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.faults.Faults;
import dev.parley.local.faults.Faults.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The faults a proxy injects in front of DynamoDB Local and Parley's SNS, as those services answer them. */
final class EngineFaults {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DYNAMODB_JSON = "application/x-amz-json-1.0";

    private EngineFaults() {
    }

    /** DynamoDB's: throttling, internal errors (some after the request was carried out) and cancelled transactions. */
    static CountingProxy.Injector dynamoDb(Faults faults) {
        return (operation, instance, body) -> {
            if (!DynamoDbMeter.READS.contains(operation) && !DynamoDbMeter.WRITES.contains(operation)) {
                return null;
            }
            if (faults.inject(Point.DYNAMODB_THROTTLE)) {
                return faults.variant(Point.DYNAMODB_THROTTLE, 2) == 0
                        ? dynamoDbError(400, "ProvisionedThroughputExceededException",
                                "The level of configured provisioned throughput for the table was exceeded.", false)
                        : dynamoDbError(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", false);
            }
            if (faults.inject(Point.DYNAMODB_5XX)) {
                return dynamoDbError(500, "InternalServerError", "Internal server error", faults.variant(Point.DYNAMODB_5XX, 2) == 1);
            }
            if (operation.equals("TransactWriteItems") && faults.inject(Point.DYNAMODB_CANCEL)) {
                return cancelled(body);
            }
            return null;
        };
    }

    /** SNS's: failed publishes (some after publishing), and a function instance that dies at its publish. */
    static CountingProxy.Injector sns(Faults faults) {
        return (operation, instance, body) -> {
            if (instance != null && faults.isDead(instance)) {
                return snsError(500, "Receiver", "InternalError", "The caller is gone", false);
            }
            if (!operation.equals("Publish") && !operation.equals("PublishBatch")) {
                return null;
            }
            if (instance != null && faults.inject(Point.FUNCTION_CRASH_AT_PUBLISH)) {
                faults.crash(instance);
                return snsError(500, "Receiver", "InternalError", "The caller is gone", false);
            }
            if (faults.inject(Point.SNS_PUBLISH)) {
                return switch (faults.variant(Point.SNS_PUBLISH, 4)) {
                    case 0 -> snsError(400, "Sender", "Throttling", "Rate exceeded", false);
                    case 1 -> snsError(500, "Receiver", "InternalError", "Internal Error", true);
                    default -> snsError(500, "Receiver", "InternalError", "Internal Error", false);
                };
            }
            return null;
        };
    }

    private static CountingProxy.Fault dynamoDbError(int status, String type, String message, boolean afterForwarding) {
        var body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
        return new CountingProxy.Fault(status, DYNAMODB_JSON, body.getBytes(StandardCharsets.UTF_8), afterForwarding);
    }

    /** A conflict on the transaction's first item, as DynamoDB reports one: a reason per item, {@code None} for the rest. */
    private static CountingProxy.Fault cancelled(byte[] request) {
        int items;
        try {
            items = Math.max(1, MAPPER.readTree(request).path("TransactItems").size());
        } catch (IOException e) {
            items = 1;
        }
        var answer = MAPPER.createObjectNode()
                .put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
        var codes = new StringBuilder("TransactionConflict");
        var reasons = answer.putArray("CancellationReasons");
        reasons.addObject().put("Code", "TransactionConflict").put("Message", "Transaction is ongoing for the item");
        for (int i = 1; i < items; i++) {
            reasons.addObject().put("Code", "None");
            codes.append(", None");
        }
        answer.put("message", "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
        try {
            return new CountingProxy.Fault(400, DYNAMODB_JSON, MAPPER.writeValueAsBytes(answer), false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CountingProxy.Fault snsError(int status, String type, String code, String message, boolean afterForwarding) {
        var body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return new CountingProxy.Fault(status, "text/xml", body.getBytes(StandardCharsets.UTF_8), afterForwarding);
    }
}
