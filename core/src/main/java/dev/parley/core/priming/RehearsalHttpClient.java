package dev.parley.core.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An HTTP client for SDK clients that never leaves the JVM: it answers each request as DynamoDB, SNS, SQS or the
 * {@code @connections} API would in a
 * small fixed world, where each DynamoDB table holds at most one item ({@link RehearsalWorld}). SDK clients built on it
 * run a function's whole path for a rehearsal before the snapshot (see {@link Priming#rehearse}): the function's own
 * code, the enhanced client's mapping, and the SDK's marshalling, signing and unmarshalling of a successful answer,
 * which the requests the services refuse cannot reach. Nothing is sent anywhere and nothing is written.
 *
 * <p>A request it has no answer for gets a 400 answer naming what it was, in the shape of error its protocol reads,
 * so that the rehearsal fails visibly instead of running a path the function never takes.
 */
public final class RehearsalHttpClient implements SdkHttpClient {

    private static final String DYNAMODB_TARGET = "DynamoDB_20120810.";
    private static final String SQS_TARGET = "AmazonSQS.";
    private static final String AMZ_JSON = "application/x-amz-json-1.0";
    private static final String CONNECTIONS_PATH = "/@connections/";

    private final RehearsalWorld world;
    private final AtomicLong requests = new AtomicLong();

    public RehearsalHttpClient(RehearsalWorld world) {
        this.world = Objects.requireNonNull(world, "world");
    }

    /** How many requests it has answered, refusals included. */
    public long requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                requests.incrementAndGet();
                var body = request.contentStreamProvider().isPresent()
                        ? readAll(request.contentStreamProvider().get().newStream()) : new byte[0];
                return answer(request.httpRequest(), body);
            }

            @Override
            public void abort() {
                // Answers are made in the calling thread, at once: nothing to abort.
            }
        };
    }

    @Override
    public String clientName() {
        return "ParleyRehearsal";
    }

    @Override
    public void close() {
        // Holds no connection and no thread.
    }

    private HttpExecuteResponse answer(SdkHttpRequest request, byte[] body) throws IOException {
        var target = request.firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.startsWith(DYNAMODB_TARGET)) {
            var operation = target.substring(DYNAMODB_TARGET.length());
            var parsed = Json.parseTrusted(utf8(body));
            var claimKey = parsed.path("Item").path(RehearsalWorld.THROTTLE_KEY).path("S").asText();
            var holder = "PutItem".equals(operation)
                    ? world.claimHolder(parsed.path("TableName").asText(), claimKey) : Optional.<Map<String, AttributeValue>>empty();
            if (holder.isPresent()) {
                return conditionalCheckFailed(holder.get(), "ALL_OLD".equals(parsed.path("ReturnValuesOnConditionCheckFailure").asText()));
            }
            var answer = dynamoDb(operation, parsed);
            return answer == null ? refused(target) : json(answer);
        }
        if (target.startsWith(SQS_TARGET)) {
            var answer = sqs(target.substring(SQS_TARGET.length()), Json.parseTrusted(utf8(body)));
            return answer == null ? refused(target) : json(answer);
        }
        if (request.encodedPath().contains(CONNECTIONS_PATH)) {
            return connections(request);
        }
        var form = form(utf8(body));
        var action = form.get("Action");
        if ("Publish".equals(action)) {
            return xml("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>"
                    + UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                    + "</RequestId></ResponseMetadata></PublishResponse>");
        }
        var path = request.encodedPath().isEmpty() ? "/" : request.encodedPath();
        var what = request.method() + " " + path + (action == null ? "" : " " + action);
        // Each protocol reads its own shape of error: the query protocol's (SNS) and S3's are XML.
        return action != null
                ? xmlRefused("<ErrorResponse><Error><Type>Sender</Type><Code>RehearsalException</Code><Message>"
                        + noAnswerTo(what) + "</Message></Error><RequestId>rehearsal</RequestId></ErrorResponse>")
                : xmlRefused("<Error><Code>RehearsalException</Code><Message>" + noAnswerTo(what)
                        + "</Message><RequestId>rehearsal</RequestId></Error>");
    }

    /** The {@code @connections} API's answer: the world's connection is open, any other is gone. */
    private static HttpExecuteResponse connections(SdkHttpRequest request) {
        var path = request.encodedPath();
        var connectionId = URLDecoder.decode(path.substring(path.indexOf(CONNECTIONS_PATH) + CONNECTIONS_PATH.length()),
                StandardCharsets.UTF_8);
        if (!connectionId.equals(RehearsalWorld.CONNECTION_ID)) {
            return response(410, "application/json", "{\"message\":\"Gone\"}");
        }
        return switch (request.method()) {
            case GET -> response(200, "application/json", "{\"connectedAt\":\"2026-12-01T10:00:00Z\","
                    + "\"identity\":{\"sourceIp\":\"127.0.0.1\"},\"lastActiveAt\":\"2026-12-01T10:00:00Z\"}");
            case POST, DELETE -> response(204, "application/json", "");
            default -> refused(request.method() + " " + path);
        };
    }

    /** DynamoDB's answer, or null for an operation the rehearsal has no answer to. */
    private ObjectNode dynamoDb(String operation, JsonNode request) {
        var answer = Json.object();
        switch (operation) {
            case "GetItem" -> world.item(request.path("TableName").asText()).ifPresent(item -> answer.set("Item", item(item)));
            case "PutItem", "DeleteItem", "TransactWriteItems" -> {
                // A write that succeeded answers nothing unless asked to.
            }
            case "UpdateItem" -> world.item(request.path("TableName").asText())
                    .ifPresent(item -> answer.set("Attributes", item(item)));
            case "Query" -> {
                var items = answer.putArray("Items");
                world.item(request.path("TableName").asText()).ifPresent(item -> items.add(item(item)));
                answer.put("Count", items.size()).put("ScannedCount", items.size());
            }
            case "BatchGetItem" -> {
                var responses = answer.putObject("Responses");
                request.path("RequestItems").fieldNames().forEachRemaining(table -> {
                    var items = responses.putArray(table);
                    world.item(table).ifPresent(item -> items.add(item(item)));
                });
                answer.putObject("UnprocessedKeys");
            }
            case "BatchWriteItem" -> answer.putObject("UnprocessedItems");
            default -> {
                return null;
            }
        }
        return answer;
    }

    /** SQS's answer, or null for an operation the rehearsal has no answer to. */
    private static ObjectNode sqs(String operation, JsonNode request) {
        var answer = Json.object();
        switch (operation) {
            case "SendMessage" -> answer.put("MessageId", UUID.randomUUID().toString())
                    .put("MD5OfMessageBody", md5(request.path("MessageBody").asText()));
            case "SendMessageBatch" -> {
                var successful = answer.putArray("Successful");
                for (var entry : request.path("Entries")) {
                    successful.addObject().put("Id", entry.path("Id").asText()).put("MessageId", UUID.randomUUID().toString())
                            .put("MD5OfMessageBody", md5(entry.path("MessageBody").asText()));
                }
                answer.putArray("Failed");
            }
            case "DeleteMessage", "ChangeMessageVisibility" -> {
                // Succeeded: nothing to answer.
            }
            default -> {
                return null;
            }
        }
        return answer;
    }

    /** An item in DynamoDB's JSON. */
    static ObjectNode item(Map<String, AttributeValue> item) {
        var node = Json.object();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        var node = Json.object();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case L -> value.l().forEach(element -> node.withArray("L").add(value(element)));
            case M -> {
                var map = node.putObject("M");
                value.m().forEach((name, element) -> map.set(name, value(element)));
            }
            default -> throw new IllegalArgumentException("no JSON for an attribute of type " + value.type());
        }
        return node;
    }

    private static HttpExecuteResponse json(JsonNode body) {
        return response(200, AMZ_JSON, Json.write(body));
    }

    private static HttpExecuteResponse xml(String body) {
        return response(200, "text/xml", body);
    }

    /** DynamoDB's refusal of a write whose condition failed, with the item that failed it when the request asked for it. */
    private static HttpExecuteResponse conditionalCheckFailed(Map<String, AttributeValue> holder, boolean withItem) {
        var error = Json.object().put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
                .put("message", "The conditional request failed");
        if (withItem) {
            error.set("Item", item(holder));
        }
        return response(400, AMZ_JSON, Json.write(error));
    }

    private static HttpExecuteResponse refused(String what) {
        return response(400, AMZ_JSON, Json.write(Json.object().put("__type", "RehearsalException").put("message", noAnswerTo(what))));
    }

    private static HttpExecuteResponse xmlRefused(String body) {
        return response(400, "text/xml", body);
    }

    private static String noAnswerTo(String what) {
        return "the rehearsal has no answer to " + what.replace("&", "&amp;").replace("<", "&lt;");
    }

    private static HttpExecuteResponse response(int status, String contentType, String body) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", contentType).putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", UUID.randomUUID().toString()).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static Map<String, String> form(String body) {
        var fields = new LinkedHashMap<String, String>();
        for (var pair : body.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5 in this JVM", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
