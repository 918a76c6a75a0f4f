package dev.parley.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our reading and writing of Lambda's JSON against the runtime's own serializers, on events as the services send them. */
class LambdaJsonTest {

    private static final String MESSAGE_EVENT = """
            {"requestContext":{"routeKey":"sendMessage","messageId":"KUm3ZcPxoAMCJ2w=","eventType":"MESSAGE",
            "extendedRequestId":"KUm3ZGHaoAMFsLQ=","requestTime":"01/Dec/2026:21:14:36 +0000","messageDirection":"IN",
            "stage":"live","connectedAt":1796159676000,"requestTimeEpoch":1796159676321,
            "identity":{"userAgent":"parley-web/1.0","sourceIp":"203.0.113.7"},"requestId":"KUm3ZGHaoAMFsLQ=",
            "domainName":"abc123.execute-api.eu-west-1.amazonaws.com","connectionId":"KUm3ZcPxoAMCJ2w=","apiId":"abc123",
            "authorizer":{"principalId":"u-alice","userId":"u-alice","expiresAt":1796163276,"integrationLatency":12}},
            "body":"{\\"action\\":\\"sendMessage\\",\\"requestId\\":\\"r-1\\",\\"text\\":\\"h\\u00e9llo\\"}","isBase64Encoded":false}""";
    private static final String CONNECT_EVENT = """
            {"headers":{"Host":"abc123.execute-api.eu-west-1.amazonaws.com","Sec-WebSocket-Version":"13"},
            "multiValueHeaders":{"Host":["abc123.execute-api.eu-west-1.amazonaws.com"]},
            "queryStringParameters":{"token":"eyJ.x.y"},"multiValueQueryStringParameters":{"token":["eyJ.x.y"]},
            "requestContext":{"routeKey":"$connect","eventType":"CONNECT","extendedRequestId":"x","requestTime":"t",
            "messageDirection":"IN","stage":"live","connectedAt":1796159676000,"requestTimeEpoch":1796159676001,
            "identity":{"sourceIp":"203.0.113.7"},"requestId":"r","domainName":"d","connectionId":"c=","apiId":"a",
            "authorizer":{"principalId":"u-bob","userId":"u-bob","expiresAt":"1796163276"}},"isBase64Encoded":false}""";
    private static final String QUEUE_EVENT = """
            {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
            "body":"{\\"v\\":1,\\"type\\":\\"message.posted\\"}","attributes":{"ApproximateReceiveCount":"2",
            "SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
            "messageAttributes":{"kind":{"stringValue":"event","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
            "md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs",
            "eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:parley-fanout","awsRegion":"eu-west-1"},
            {"messageId":"2e1424d4-f796-459a-8184-9c92662be6da","receiptHandle":"AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq",
            "body":"second","attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{},"md5OfBody":"m",
            "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:parley-fanout","awsRegion":"eu-west-1"}]}""";
    private static final String AUTHORIZER_EVENT = """
            {"type":"REQUEST","methodArn":"arn:aws:execute-api:eu-west-1:123456789012:abc123/live/$connect",
            "headers":{"Host":"abc123.execute-api.eu-west-1.amazonaws.com"},"multiValueHeaders":{"Host":["h"]},
            "queryStringParameters":{"token":"eyJ.x.y"},"multiValueQueryStringParameters":{"token":["eyJ.x.y"]},
            "stageVariables":{},"requestContext":{"routeKey":"$connect","eventType":"CONNECT","stage":"live",
            "requestId":"r","connectionId":"c=","apiId":"abc123"}}""";

    @Test
    void webSocketEvent_whenAnActionArrives_readsWhatTheRuntimeReads() throws IOException {
        var ours = LambdaJson.webSocketEvent(stream(MESSAGE_EVENT));
        var runtimes = runtime(APIGatewayV2WebSocketEvent.class).fromJson(MESSAGE_EVENT);

        assertThat(ours).usingRecursiveComparison().isEqualTo(runtimes);
        assertThat(WebSocketActions.userId(ours)).isEqualTo("u-alice");
        assertThat(ours.getBody()).isEqualTo("{\"action\":\"sendMessage\",\"requestId\":\"r-1\",\"text\":\"h\u00e9llo\"}");
    }

    @Test
    void webSocketEvent_whenAConnectionOpens_readsItsHeadersQueryAndContextAsTheRuntimeDoes() throws IOException {
        var ours = LambdaJson.webSocketEvent(stream(CONNECT_EVENT));
        var runtimes = runtime(APIGatewayV2WebSocketEvent.class).fromJson(CONNECT_EVENT);

        // The multi-value maps repeat the single-value ones; no function reads them.
        assertThat(ours).usingRecursiveComparison().ignoringFields("multiValueHeaders", "multiValueQueryStringParameters")
                .isEqualTo(runtimes);
        assertThat(WebSocketActions.expiresAt(ours).getEpochSecond()).isEqualTo(1796163276L);
    }

    @Test
    void queueEvent_whenABatchArrives_readsEveryRecordAsTheRuntimeDoes() throws IOException {
        var ours = LambdaJson.queueEvent(stream(QUEUE_EVENT));
        var runtimes = runtime(SQSEvent.class).fromJson(QUEUE_EVENT);

        assertThat(ours.getRecords()).hasSize(2);
        assertThat(ours).usingRecursiveComparison().isEqualTo(runtimes);
    }

    @Test
    void authorizerEvent_whenAConnectIsAuthorized_readsTheTokenAndMethodArn() throws IOException {
        var ours = LambdaJson.authorizerEvent(stream(AUTHORIZER_EVENT));
        var runtimes = runtime(APIGatewayCustomAuthorizerEvent.class).fromJson(AUTHORIZER_EVENT);

        assertThat(ours).usingRecursiveComparison().comparingOnlyFields("type", "methodArn", "headers", "queryStringParameters",
                "stageVariables").isEqualTo(runtimes);
        assertThat(ours.getQueryStringParameters()).containsEntry("token", "eyJ.x.y");
    }

    @Test
    void webSocketEvent_whenTheInputIsNotAnObject_refusesIt() {
        assertThatThrownBy(() -> LambdaJson.webSocketEvent(stream("[]"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> LambdaJson.queueEvent(stream(""))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> LambdaJson.authorizerEvent(stream("{\"type\":"))).isInstanceOf(IOException.class);
    }

    @Test
    void write_whenAnActionAnswers_writesWhatTheRuntimeWrites() throws IOException {
        var response = WebSocketActions.respond("{\"type\":\"ack\",\"requestId\":\"r-1\",\"text\":\"h\u00e9llo \\\"x\\\"\"}");
        var ours = new ByteArrayOutputStream();
        LambdaJson.write(response, ours);

        assertThat(withoutNulls(Json.parse(ours.toString(StandardCharsets.UTF_8))))
                .isEqualTo(withoutNulls(Json.parse(runtimeJson(APIGatewayV2WebSocketResponse.class, response))));
    }

    @Test
    void write_whenRecordsFailed_writesTheirIdentifiersAsTheRuntimeDoes() throws IOException {
        var failures = new ArrayList<>(List.of(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m-2").build()));
        var response = SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        var ours = new ByteArrayOutputStream();
        LambdaJson.write(response, ours);

        assertThat(Json.parse(ours.toString(StandardCharsets.UTF_8))).isEqualTo(Json.parse(runtimeJson(SQSBatchResponse.class, response)))
                .isEqualTo(Json.parse("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}"));
    }

    @Test
    void write_whenAConnectionIsAllowed_writesThePolicyAsTheRuntimeDoes() throws IOException {
        var statement = IamPolicyResponseV1.Statement.builder().withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
                .withEffect(IamPolicyResponseV1.ALLOW).withResource(List.of("arn:aws:execute-api:eu-west-1:1:a/live/$connect")).build();
        var response = IamPolicyResponseV1.builder().withPrincipalId("u-alice")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statement)).build())
                .withContext(Map.of("userId", "u-alice", "expiresAt", 1796163276L)).build();
        var ours = new ByteArrayOutputStream();
        LambdaJson.write(response, ours);

        var written = Json.parse(ours.toString(StandardCharsets.UTF_8));
        assertThat(withoutNulls(written)).isEqualTo(withoutNulls(Json.parse(runtimeJson(IamPolicyResponseV1.class, response))));
        assertThat(written.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(written.at("/context/expiresAt").asLong()).isEqualTo(1796163276L);
    }

    @Test
    void prime_whenRun_readsAndWritesEverySample() throws IOException {
        LambdaJson.prime();
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> runtime(Class<T> type) {
        return (PojoSerializer<T>) LambdaEventSerializers.serializerFor(type, LambdaJsonTest.class.getClassLoader());
    }

    private static <T> String runtimeJson(Class<T> type, T value) {
        var bytes = new ByteArrayOutputStream();
        runtime(type).toJson(value, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The runtime writes unset fields as null; we leave them out. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            var copy = Json.object();
            object.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        return node;
    }
}
