package dev.parley.core.fakes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Lambda events as API Gateway, SQS and S3 send them, from JSON fixtures or built for a test. */
public final class LambdaEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LambdaEvents() {
    }

    /** A WebSocket event read from a JSON fixture on the test class path ({@code events/…}). */
    public static APIGatewayV2WebSocketEvent webSocketFixture(String resource) {
        try (var in = LambdaEvents.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return MAPPER.readValue(in, APIGatewayV2WebSocketEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A WebSocket event on a route, from a connection whose authorizer context named {@code userId}. */
    public static APIGatewayV2WebSocketEvent webSocket(String routeKey, String connectionId, String userId, String body) {
        var context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setConnectionId(connectionId);
        context.setEventType(switch (routeKey) {
            case "$connect" -> "CONNECT";
            case "$disconnect" -> "DISCONNECT";
            default -> "MESSAGE";
        });
        context.setRequestId(UUID.randomUUID().toString());
        context.setStage("test");
        context.setApiId("api0001");
        context.setDomainName("api0001.execute-api.us-east-1.amazonaws.com");
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setConnectedAt(System.currentTimeMillis());
        if (userId != null) {
            var authorizer = new HashMap<String, Object>();
            authorizer.put("principalId", userId);
            authorizer.put("userId", userId);
            context.setAuthorizer(authorizer);
        }
        var event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** An SQS batch; the message ids are {@code m0}, {@code m1}, … in body order. */
    public static SQSEvent sqs(String... bodies) {
        var records = new ArrayList<SQSEvent.SQSMessage>();
        for (int i = 0; i < bodies.length; i++) {
            var message = new SQSEvent.SQSMessage();
            message.setMessageId("m" + i);
            message.setBody(bodies[i]);
            message.setEventSource("aws:sqs");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(message);
        }
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** An S3 {@code ObjectCreated:Put} event for one key, URL-encoded as S3 sends it. */
    public static S3Event objectCreated(String bucket, String encodedKey, long size) {
        var object = new S3EventNotification.S3ObjectEntity(encodedKey, size, "etag", null, "seq");
        var entity = new S3EventNotification.S3Entity("config", new S3EventNotification.S3BucketEntity(bucket,
                new S3EventNotification.UserIdentityEntity("owner"), "arn:aws:s3:::" + bucket), object, "1.0");
        var record = new S3EventNotification.S3EventNotificationRecord("us-east-1", "ObjectCreated:Put", "aws:s3",
                "2026-11-24T10:00:00.000Z", "2.1", null, null, entity, null);
        return new S3Event(List.of(record));
    }
}
