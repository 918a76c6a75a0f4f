package dev.parley.core.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events Lambda hands the functions and the answers they give, read and written here with the tree model of
 * {@link Json} rather than by the runtime's bean serializer. The runtime builds a serializer for an event class by
 * reflection on the first invocation of every execution environment, which no priming reaches; these are plain code
 * that a function's priming runs before the snapshot ({@link #prime()}), and that a function without SnapStart runs
 * with the JSON classes it loads anyway for frames.
 *
 * <p>Only the fields Lambda sends are read; a field missing from an event stays unset, as the runtime leaves it.
 */
public final class LambdaJson {

    private static final String SAMPLE_WEB_SOCKET_EVENT = """
            {"requestContext":{"routeKey":"sendMessage","messageId":"m","eventType":"MESSAGE","extendedRequestId":"x",
            "requestTime":"01/Dec/2026:00:00:00 +0000","messageDirection":"IN","stage":"live","connectedAt":1,
            "requestTimeEpoch":2,"identity":{"sourceIp":"127.0.0.1","userAgent":"priming"},"requestId":"r",
            "domainName":"localhost","connectionId":"c=","apiId":"a","authorizer":{"principalId":"u","userId":"u",
            "expiresAt":3,"integrationLatency":0}},"headers":{"Host":"localhost"},"queryStringParameters":{"token":"t"},
            "body":"{\\"action\\":\\"ping\\",\\"requestId\\":\\"r-1\\"}","isBase64Encoded":false}""";
    private static final String SAMPLE_QUEUE_EVENT = """
            {"Records":[{"messageId":"m","receiptHandle":"h","body":"{}","attributes":{"ApproximateReceiveCount":"1"},
            "messageAttributes":{},"md5OfBody":"99914b932bd37a50b983c5e7c90ae93b","eventSource":"aws:sqs",
            "eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:q","awsRegion":"us-east-1"}]}""";
    private static final String SAMPLE_AUTHORIZER_EVENT = """
            {"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:000000000000:a/live/$connect",
            "headers":{"Host":"localhost"},"queryStringParameters":{"token":"t"},"stageVariables":{},
            "requestContext":{"routeKey":"$connect","eventType":"CONNECT","stage":"live","requestId":"r",
            "connectionId":"c=","apiId":"a"}}""";

    private LambdaJson() {
    }

    /** A {@code $connect}, {@code $disconnect} or action event of the WebSocket API. */
    public static APIGatewayV2WebSocketEvent webSocketEvent(InputStream input) throws IOException {
        var json = document(input);
        var event = new APIGatewayV2WebSocketEvent();
        event.setResource(text(json, "resource"));
        event.setPath(text(json, "path"));
        event.setHttpMethod(text(json, "httpMethod"));
        event.setHeaders(strings(json.get("headers")));
        event.setQueryStringParameters(strings(json.get("queryStringParameters")));
        event.setPathParameters(strings(json.get("pathParameters")));
        event.setStageVariables(strings(json.get("stageVariables")));
        event.setBody(text(json, "body"));
        event.setIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false));
        if (json.get("requestContext") instanceof ObjectNode context) {
            var requestContext = new APIGatewayV2WebSocketEvent.RequestContext();
            requestContext.setAccountId(text(context, "accountId"));
            requestContext.setStage(text(context, "stage"));
            requestContext.setRequestId(text(context, "requestId"));
            requestContext.setApiId(text(context, "apiId"));
            requestContext.setConnectedAt(context.path("connectedAt").asLong(0));
            requestContext.setConnectionId(text(context, "connectionId"));
            requestContext.setDomainName(text(context, "domainName"));
            requestContext.setError(text(context, "error"));
            requestContext.setEventType(text(context, "eventType"));
            requestContext.setExtendedRequestId(text(context, "extendedRequestId"));
            requestContext.setMessageDirection(text(context, "messageDirection"));
            requestContext.setMessageId(text(context, "messageId"));
            requestContext.setRequestTime(text(context, "requestTime"));
            requestContext.setRequestTimeEpoch(context.path("requestTimeEpoch").asLong(0));
            requestContext.setRouteKey(text(context, "routeKey"));
            requestContext.setStatus(text(context, "status"));
            requestContext.setAuthorizer(values(context.get("authorizer")));
            if (context.get("identity") instanceof ObjectNode identity) {
                var requestIdentity = new APIGatewayV2WebSocketEvent.RequestIdentity();
                requestIdentity.setSourceIp(text(identity, "sourceIp"));
                requestIdentity.setUserAgent(text(identity, "userAgent"));
                requestContext.setIdentity(requestIdentity);
            }
            event.setRequestContext(requestContext);
        }
        return event;
    }

    /** A batch of records from an SQS event source mapping. */
    public static SQSEvent queueEvent(InputStream input) throws IOException {
        var json = document(input);
        var records = new ArrayList<SQSEvent.SQSMessage>();
        for (var node : json.path("Records")) {
            var record = new SQSEvent.SQSMessage();
            record.setMessageId(text(node, "messageId"));
            record.setReceiptHandle(text(node, "receiptHandle"));
            record.setBody(text(node, "body"));
            record.setMd5OfBody(text(node, "md5OfBody"));
            record.setEventSource(text(node, "eventSource"));
            record.setEventSourceArn(text(node, "eventSourceARN"));
            record.setAwsRegion(text(node, "awsRegion"));
            record.setAttributes(strings(node.get("attributes")));
            record.setMessageAttributes(messageAttributes(node.get("messageAttributes")));
            records.add(record);
        }
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The REQUEST authorizer's event of a {@code $connect}. */
    public static APIGatewayCustomAuthorizerEvent authorizerEvent(InputStream input) throws IOException {
        var json = document(input);
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setType(text(json, "type"));
        event.setMethodArn(text(json, "methodArn"));
        event.setIdentitySource(text(json, "identitySource"));
        event.setHeaders(strings(json.get("headers")));
        event.setQueryStringParameters(strings(json.get("queryStringParameters")));
        event.setStageVariables(strings(json.get("stageVariables")));
        return event;
    }

    public static void write(APIGatewayV2WebSocketResponse response, OutputStream output) throws IOException {
        var json = Json.object().put("statusCode", response.getStatusCode()).put("isBase64Encoded", false);
        if (response.getHeaders() != null) {
            var headers = json.putObject("headers");
            response.getHeaders().forEach(headers::put);
        }
        if (response.getBody() != null) {
            json.put("body", response.getBody());
        }
        Json.write(json, output);
    }

    public static void write(SQSBatchResponse response, OutputStream output) throws IOException {
        var json = Json.object();
        var failures = json.putArray("batchItemFailures");
        if (response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(failure -> failures.addObject().put("itemIdentifier", failure.getItemIdentifier()));
        }
        Json.write(json, output);
    }

    /** The policy as API Gateway reads it: {@code principalId}, {@code policyDocument} with its capitalised keys, {@code context}. */
    public static void write(IamPolicyResponseV1 response, OutputStream output) throws IOException {
        var json = Json.object().put("principalId", response.getPrincipalId());
        json.set("policyDocument", tree(response.getPolicyDocument()));
        if (response.getContext() != null) {
            json.set("context", tree(response.getContext()));
        }
        if (response.getUsageIdentifierKey() != null) {
            json.put("usageIdentifierKey", response.getUsageIdentifierKey());
        }
        Json.write(json, output);
    }

    /** Reads and writes a sample of each kind of event and answer, so that none of it loads on a request's clock. */
    public static void prime() throws IOException {
        var webSocket = webSocketEvent(stream(SAMPLE_WEB_SOCKET_EVENT));
        var queue = queueEvent(stream(SAMPLE_QUEUE_EVENT));
        var authorizer = authorizerEvent(stream(SAMPLE_AUTHORIZER_EVENT));
        if (WebSocketActions.userId(webSocket) == null || queue.getRecords().size() != 1 || authorizer.getMethodArn() == null) {
            throw new IllegalStateException("a sample event was read wrong");
        }
        var sink = OutputStream.nullOutputStream();
        write(WebSocketActions.respond("{}"), sink);
        write(SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>(List.of(
                SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m").build()))).build(), sink);
        var statement = IamPolicyResponseV1.Statement.builder().withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
                .withEffect(IamPolicyResponseV1.DENY).withResource(List.of("*")).build();
        write(IamPolicyResponseV1.builder().withPrincipalId("u").withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17).withStatement(List.of(statement)).build())
                .withContext(Map.of("userId", "u", "expiresAt", 1L)).build(), sink);
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode document(InputStream input) throws IOException {
        var json = Json.parse(input);
        if (!(json instanceof ObjectNode)) {
            throw new IOException("the event is not a JSON object");
        }
        return json;
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : Json.write(value);
    }

    private static Map<String, String> strings(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return null;
        }
        var map = new LinkedHashMap<String, String>();
        for (var field : object.properties()) {
            map.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        return map;
    }

    private static Map<String, SQSEvent.MessageAttribute> messageAttributes(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return null;
        }
        var map = new LinkedHashMap<String, SQSEvent.MessageAttribute>();
        for (var field : object.properties()) {
            var attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(text(field.getValue(), "dataType"));
            attribute.setStringValue(text(field.getValue(), "stringValue"));
            var binary = text(field.getValue(), "binaryValue");
            if (binary != null) {
                attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(binary)));
            }
            if (field.getValue().get("stringListValues") instanceof ArrayNode strings) {
                var values = new ArrayList<String>();
                strings.forEach(value -> values.add(value.asText()));
                attribute.setStringListValues(values);
            }
            if (field.getValue().get("binaryListValues") instanceof ArrayNode binaries) {
                var values = new ArrayList<ByteBuffer>();
                binaries.forEach(value -> values.add(ByteBuffer.wrap(Base64.getDecoder().decode(value.asText()))));
                attribute.setBinaryListValues(values);
            }
            map.put(field.getKey(), attribute);
        }
        return map;
    }

    /** The authorizer context: strings stay strings, numbers numbers and booleans booleans, as the runtime maps them. */
    private static Map<String, Object> values(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return null;
        }
        var map = new LinkedHashMap<String, Object>();
        for (var field : object.properties()) {
            var value = field.getValue();
            map.put(field.getKey(), switch (value.getNodeType()) {
                case STRING -> value.textValue();
                case NUMBER -> value.numberValue();
                case BOOLEAN -> value.booleanValue();
                case NULL, MISSING -> null;
                default -> Json.write(value);
            });
        }
        return map;
    }

    private static JsonNode tree(Object value) {
        return switch (value) {
            case null -> NullNode.getInstance();
            case Map<?, ?> map -> {
                var object = Json.object();
                // An unset member (a statement's Condition) is left out, as API Gateway expects.
                map.forEach((key, item) -> {
                    if (item != null) {
                        object.set(String.valueOf(key), tree(item));
                    }
                });
                yield object;
            }
            case Collection<?> items -> {
                ArrayNode array = Json.array();
                items.forEach(item -> array.add(tree(item)));
                yield array;
            }
            case Object[] items -> {
                ArrayNode array = Json.array();
                for (var item : items) {
                    array.add(tree(item));
                }
                yield array;
            }
            case String text -> TextNode.valueOf(text);
            case Boolean flag -> BooleanNode.valueOf(flag);
            case Integer number -> IntNode.valueOf(number);
            case Long number -> LongNode.valueOf(number);
            case Number number -> DoubleNode.valueOf(number.doubleValue());
            default -> TextNode.valueOf(value.toString());
        };
    }
}
