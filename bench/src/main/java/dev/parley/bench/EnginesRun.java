package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.http.SocketHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * What Parley Local's engines take for the requests of a message, with nothing of Parley in between: DynamoDB Local
 * and ElasticMQ are called over kept-alive HTTP with ready-made bodies, one request at a time, on a table and a queue
 * of this run's own. From their times and CPU follow two floors that no code above the engines can go under: the
 * engine time on the way from a send to its ack, and the engines' CPU per message of a busy channel.
 */
final class EnginesRun {

    /**
     * The hot path's requests per message that no batching takes away (docs/architecture.md, "The hot path on AWS"):
     * the DynamoDB requests and SNS's delivery to each of the two queues. The pollers' receives and deletes take up to
     * ten messages each, so a busy channel pays at least a tenth of one of each per message and queue.
     */
    private static final double BATCHED = 0.1;
    private static final String MIX = "per message, at the least: UpdateItem ×3 (rate limit, seq, pending mark), GetItem ×2,"
            + " TransactWriteItems, Query of 20, SendMessage ×2, and a tenth of a ReceiveMessage and of a DeleteMessage per queue";

    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

    private final SdkHttpClient http = SocketHttpClient.builder().requestTimeout(Duration.ofSeconds(30)).build();
    private final AtomicLong keys = new AtomicLong();
    private URI dynamoDb;
    private URI sqs;
    private String region;
    private String table;
    private String queueUrl;

    static Bench.Run prepare(Args args) {
        var requests = args.integer("--requests", 500);
        var warmUp = args.integer("--warm-up", 300);
        if (requests < 10 || warmUp < 0) {
            throw new IllegalArgumentException("engines needs at least 10 --requests and a --warm-up of 0 or more");
        }
        return (target, users, out) -> new EnginesRun().measure(target, out, requests, warmUp);
    }

    /**
     * One kind of request: its latencies, and Parley Local's CPU over them when the bench started it (NaN otherwise),
     * with the wall time they took, so that what Parley Local spends at idle can be taken out.
     */
    private record Measured(String name, Samples latency, double cpuMillis, double wallSeconds, int requests) {
        double p50() {
            return latency.millis(0.5);
        }

        /** Parley Local's CPU per request, less what it spends at idle over the same time. */
        double cpuPerRequest(double idleMillisPerSecond) {
            return Math.max(0, cpuMillis - idleMillisPerSecond * wallSeconds) / requests;
        }

        String line(double idleMillisPerSecond) {
            return String.format(Locale.ROOT, "%-38s p50 %s, p99 %s%s", name, Samples.ms(latency.millis(0.5)),
                    Samples.ms(latency.millis(0.99)), Double.isNaN(cpuMillis) ? "" : String.format(Locale.ROOT,
                            ", Parley Local's CPU %.2f ms a request", cpuPerRequest(idleMillisPerSecond)));
        }
    }

    private void measure(Target target, PrintStream out, int requests, int warmUp) throws Exception {
        dynamoDb = target.dynamoDbUrl();
        sqs = target.sqsUrl();
        region = target.region();
        var run = Long.toString(System.currentTimeMillis(), 36);
        table = "ParleyBench-" + run;
        createTable();
        try {
            var queueName = "parley-bench-" + run;
            queueUrl = sqs("CreateQueue", Json.object().put("QueueName", queueName)).path("QueueUrl").asText();
            try {
                measureAll(target, out, requests, warmUp);
            } finally {
                sqs("DeleteQueue", Json.object().put("QueueUrl", queueUrl));
            }
        } finally {
            dynamo("DeleteTable", Json.object().put("TableName", table));
        }
    }

    private void measureAll(Target target, PrintStream out, int requests, int warmUp) throws Exception {
        put("item");
        for (int i = 0; i < 20; i++) {
            putRanged("audience", "c" + i);
        }
        var get = time(target, "DynamoDB GetItem", requests, warmUp, () -> dynamo("GetItem", key("item")));
        var update = time(target, "DynamoDB UpdateItem (ADD a counter)", requests, warmUp, () -> dynamo("UpdateItem", key("item")
                .put("UpdateExpression", "ADD #n :one").put("ReturnValues", "UPDATED_NEW")
                .<ObjectNode>set("ExpressionAttributeNames", Json.object().put("#n", "n"))
                .set("ExpressionAttributeValues", Json.object().set(":one", number(1)))));
        var transact = time(target, "DynamoDB TransactWriteItems (2 puts)", requests, warmUp, this::transact);
        var query = time(target, "DynamoDB Query (20 items)", requests, warmUp, () -> dynamo("Query", Json.object()
                .put("TableName", table).put("KeyConditionExpression", "pk = :pk")
                .set("ExpressionAttributeValues", Json.object().set(":pk", string("audience")))));
        var together = timeThreeAtOnce(requests, warmUp);
        var body = "x".repeat(1_000);
        var send = time(target, "SQS SendMessage (1 KB)", requests, warmUp,
                () -> sqs("SendMessage", Json.object().put("QueueUrl", queueUrl).put("MessageBody", body)));
        var receipts = new ArrayList<String>();
        var receive = time(target, "SQS ReceiveMessage (1 message)", requests, warmUp, () -> {
            var received = sqs("ReceiveMessage", Json.object().put("QueueUrl", queueUrl).put("MaxNumberOfMessages", 1)
                    .put("WaitTimeSeconds", 0).put("VisibilityTimeout", 300));
            received.path("Messages").forEach(message -> receipts.add(message.path("ReceiptHandle").asText()));
            return received;
        });
        if (receipts.size() != warmUp + requests) {
            // Every message sent above must have come back once; fewer means the receives timed empty answers.
            throw new IllegalStateException("ElasticMQ returned " + receipts.size() + " of the " + (warmUp + requests)
                    + " messages sent; the receive figures would not be of receives");
        }
        var delete = time(target, "SQS DeleteMessage", requests, warmUp, () -> sqs("DeleteMessage", Json.object()
                .put("QueueUrl", queueUrl).put("ReceiptHandle", receipts.removeLast())));

        // Measured last, when the requests above have left nothing for the JIT or the collector to finish.
        var idle = idleCpuPerSecond(target);
        for (var measured : List.of(get, update, transact, query, send, receive, delete)) {
            out.println("  " + measured.line(idle));
        }
        out.println("  " + String.format(Locale.ROOT, "%-38s p50 %s, p99 %s", "DynamoDB GetItem ×2 ‖ UpdateItem at once",
                Samples.ms(together.millis(0.5)), Samples.ms(together.millis(0.99))));
        // A send waits for its checks (two reads beside the rate limit), the seq counter and the transaction, one after
        // the other; the SNS publish and every hop of Parley's own come on top.
        var ackFloor = together.millis(0.5) + update.p50() + transact.p50();
        var summary = new StringBuilder(String.format(Locale.ROOT, "engines: DynamoDB Local p50 GetItem %s, UpdateItem %s,"
                        + " TransactWriteItems %s, Query of 20 %s, three at once %s; ElasticMQ p50 SendMessage %s, ReceiveMessage %s,"
                        + " DeleteMessage %s; a send's engine time before its ack ≥ %s",
                Samples.ms(get.p50()), Samples.ms(update.p50()), Samples.ms(transact.p50()), Samples.ms(query.p50()),
                Samples.ms(together.millis(0.5)), Samples.ms(send.p50()), Samples.ms(receive.p50()), Samples.ms(delete.p50()),
                Samples.ms(ackFloor)));
        if (!Double.isNaN(get.cpuMillis())) {
            out.println("  " + String.format(Locale.ROOT, "Parley Local's CPU at idle, taken out of the figures above: %.1f ms a second",
                    idle));
            var perMessage = 3 * update.cpuPerRequest(idle) + 2 * get.cpuPerRequest(idle) + transact.cpuPerRequest(idle)
                    + query.cpuPerRequest(idle) + 2 * send.cpuPerRequest(idle)
                    + 2 * BATCHED * (receive.cpuPerRequest(idle) + delete.cpuPerRequest(idle));
            var cores = Runtime.getRuntime().availableProcessors();
            out.println("  " + MIX + String.format(Locale.ROOT, ": %.1f ms of the engines' CPU", perMessage));
            summary.append(String.format(Locale.ROOT, "; the engines' CPU per message of a busy channel ≥ %.1f ms, so ≤ %.0f msg/s"
                    + " on %d cores", perMessage, cores * 1000 / perMessage, cores));
        } else {
            summary.append("; (CPU per request only when the bench starts its own Parley Local)");
        }
        out.println(summary);
    }

    private Measured time(Target target, String name, int requests, int warmUp, Callable<JsonNode> request) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            request.call();
        }
        var samples = new Samples();
        var cpuBefore = target.cpu();
        var wallStarted = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            var started = System.nanoTime();
            request.call();
            samples.add(System.nanoTime() - started);
        }
        var cpuAfter = target.cpu();
        var cpu = cpuBefore == null || cpuAfter == null ? Double.NaN : cpuAfter.minus(cpuBefore).toNanos() / 1e6;
        return new Measured(name, samples, cpu, (System.nanoTime() - wallStarted) / 1e9, requests);
    }

    /**
     * Parley Local's CPU per second while nobody calls it (its pollers wait on the queues), in milliseconds: taken out
     * of each request's CPU, which is then the engine's alone.
     */
    private static double idleCpuPerSecond(Target target) throws InterruptedException {
        var before = target.cpu();
        var started = System.nanoTime();
        Thread.sleep(IDLE_SAMPLE);
        var after = target.cpu();
        return before == null || after == null ? 0 : after.minus(before).toNanos() / 1e6 / ((System.nanoTime() - started) / 1e9);
    }

    /** The checks of a send: two reads and the rate limit's update, sent at once, timed until the last answer. */
    private Samples timeThreeAtOnce(int requests, int warmUp) throws Exception {
        var samples = new Samples();
        try (var executor = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < warmUp + requests; i++) {
                var started = System.nanoTime();
                var first = executor.submit(() -> dynamo("GetItem", key("item")));
                var second = executor.submit(() -> dynamo("GetItem", key("audience", "c0")));
                var third = executor.submit(() -> dynamo("UpdateItem", key("item").put("UpdateExpression", "ADD #n :one")
                        .<ObjectNode>set("ExpressionAttributeNames", Json.object().put("#n", "n"))
                        .set("ExpressionAttributeValues", Json.object().set(":one", number(1)))));
                first.get();
                second.get();
                third.get();
                if (i >= warmUp) {
                    samples.add(System.nanoTime() - started);
                }
            }
        }
        return samples;
    }

    private JsonNode transact() {
        var items = Json.array();
        for (var pk : List.of("message", "dedup")) {
            var item = Json.object().<ObjectNode>set("pk", string(pk))
                    .<ObjectNode>set("sk", string(Long.toString(keys.incrementAndGet())))
                    .set("text", string("a message of a few words"));
            var put = Json.object();
            put.putObject("Put").put("TableName", table).put("ConditionExpression", "attribute_not_exists(pk)").set("Item", item);
            items.add(put);
        }
        return dynamo("TransactWriteItems", Json.object().set("TransactItems", items));
    }

    private void createTable() {
        var attributes = Json.array();
        attributes.addObject().put("AttributeName", "pk").put("AttributeType", "S");
        attributes.addObject().put("AttributeName", "sk").put("AttributeType", "S");
        var schema = Json.array();
        schema.addObject().put("AttributeName", "pk").put("KeyType", "HASH");
        schema.addObject().put("AttributeName", "sk").put("KeyType", "RANGE");
        dynamo("CreateTable", Json.object().put("TableName", table).put("BillingMode", "PAY_PER_REQUEST")
                .<ObjectNode>set("AttributeDefinitions", attributes).set("KeySchema", schema));
    }

    private void put(String pk) {
        putRanged(pk, "-");
    }

    private void putRanged(String pk, String sk) {
        dynamo("PutItem", Json.object().put("TableName", table).set("Item", Json.object().<ObjectNode>set("pk", string(pk))
                .<ObjectNode>set("sk", string(sk)).set("userId", string("u-" + sk))));
    }

    private ObjectNode key(String pk) {
        return key(pk, "-");
    }

    private ObjectNode key(String pk, String sk) {
        return Json.object().put("TableName", table)
                .set("Key", Json.object().<ObjectNode>set("pk", string(pk)).set("sk", string(sk)));
    }

    private static ObjectNode string(String value) {
        return Json.object().put("S", value);
    }

    private static ObjectNode number(long value) {
        return Json.object().put("N", Long.toString(value));
    }

    private JsonNode dynamo(String operation, ObjectNode body) {
        return call(dynamoDb, "DynamoDB_20120810." + operation, "dynamodb", body);
    }

    private JsonNode sqs(String operation, ObjectNode body) {
        return call(sqs, "AmazonSQS." + operation, "sqs", body);
    }

    /**
     * One JSON-protocol request. The engines check an authorization header's form, not its signature, so a fixed one
     * does: what is timed is the engine, not signing.
     */
    private JsonNode call(URI endpoint, String amzTarget, String service, ObjectNode body) {
        var bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        var request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", amzTarget)
                .putHeader("X-Amz-Date", "20260101T000000Z")
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/" + region + "/" + service
                        + "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        try {
            var response = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(bytes)).build()).call();
            byte[] answer;
            try (var stream = response.responseBody().orElseThrow()) {
                answer = stream.readAllBytes();
            }
            var text = new String(answer, StandardCharsets.UTF_8);
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException(amzTarget + " answered " + response.httpResponse().statusCode() + ": " + text);
            }
            return text.isEmpty() ? Json.object() : Json.parseTrusted(text);
        } catch (IOException e) {
            throw new UncheckedIOException(amzTarget + " failed", e);
        }
    }
}
