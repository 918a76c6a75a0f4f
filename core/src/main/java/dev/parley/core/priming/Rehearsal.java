package dev.parley.core.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rehearsed invocations (see {@link Priming#rehearse}): a sample event of the world of {@link RehearsalWorld}, given to
 * a handler wired to SDK clients that answer from that world, through the handler's Lambda entry, JSON in and out.
 * The handler is built at the first rehearsal, so that an execution environment never snapshotted builds none; an
 * answer that is not the one the sample should get fails the rehearsal, since it ran another path than a request's.
 */
public final class Rehearsal {

    private Rehearsal() {
    }

    /**
     * An action frame from the world's member on the world's connection, answered as {@code accepted} says, for
     * instance with an {@code ack}. The frame's {@code action} is its route.
     */
    public static Priming.Step action(Supplier<? extends RequestStreamHandler> handler, ObjectNode frame, Predicate<String> accepted) {
        var route = frame.path("action").asText();
        return invocation(handler, () -> webSocketEvent(route, "MESSAGE", Json.write(frame)), accepted);
    }

    /** A {@code $connect} or {@code $disconnect} of the world's member on the world's connection. */
    public static Priming.Step lifecycle(Supplier<? extends RequestStreamHandler> handler, String route, Predicate<String> accepted) {
        var eventType = route.equals("$connect") ? "CONNECT" : "DISCONNECT";
        return invocation(handler, () -> webSocketEvent(route, eventType, null), accepted);
    }

    /** A batch of one queue message with {@code body}, from an SQS event source mapping. */
    public static Priming.Step queue(Supplier<? extends RequestStreamHandler> handler, Supplier<String> body, Predicate<String> accepted) {
        return invocation(handler, () -> {
            var event = Json.object();
            event.putArray("Records").addObject().put("messageId", UUID.randomUUID().toString())
                    .put("receiptHandle", "rehearsal").put("body", body.get()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:rehearsal").put("awsRegion", "us-east-1")
                    .putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp",
                            Long.toString(System.currentTimeMillis()));
            return Json.write(event);
        }, accepted);
    }

    /** Accepts a WebSocket route's answer whose frame is of {@code type}, such as {@code ack}. */
    public static Predicate<String> answeredWith(String type) {
        Objects.requireNonNull(type, "type");
        return answer -> {
            var body = Json.parseTrusted(answer).path("body");
            return body.isTextual() && type.equals(Json.parseTrusted(body.textValue()).path("type").asText());
        };
    }

    /** Accepts a WebSocket route's answer of status 200 without a frame, as a {@code $connect} or a {@code typing} gets. */
    public static Predicate<String> answeredWithoutFrame() {
        return answer -> {
            var json = Json.parseTrusted(answer);
            return json.path("statusCode").asInt() == 200 && (json.path("body").isMissingNode() || json.path("body").isNull());
        };
    }

    /** Accepts a queue function's answer that reports no message of the batch as failed. */
    public static Predicate<String> answeredWithoutFailures() {
        return answer -> {
            var failures = Json.parseTrusted(answer).path("batchItemFailures");
            return failures.isArray() && failures.isEmpty();
        };
    }

    private static Priming.Step invocation(Supplier<? extends RequestStreamHandler> handler, Supplier<String> event,
                                           Predicate<String> accepted) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(accepted, "accepted");
        var built = new RequestStreamHandler[1];
        return () -> {
            if (built[0] == null) {
                built[0] = Objects.requireNonNull(handler.get(), "handler");
            }
            var output = new ByteArrayOutputStream();
            built[0].handleRequest(new ByteArrayInputStream(event.get().getBytes(StandardCharsets.UTF_8)), output,
                    new RehearsalContext(UUID.randomUUID().toString()));
            var answer = output.toString(StandardCharsets.UTF_8);
            if (!accepted.test(answer)) {
                throw new IllegalStateException("the rehearsal was answered otherwise than a request would be: " + answer);
            }
        };
    }

    private static String webSocketEvent(String route, String eventType, String body) {
        var now = Instant.now();
        var event = Json.object();
        var context = event.putObject("requestContext").put("routeKey", route).put("eventType", eventType)
                .put("messageDirection", "IN").put("stage", "live").put("connectedAt", now.toEpochMilli())
                .put("requestTimeEpoch", now.toEpochMilli()).put("requestId", UUID.randomUUID().toString())
                .put("messageId", UUID.randomUUID().toString()).put("domainName", "rehearsal.invalid")
                .put("connectionId", RehearsalWorld.CONNECTION_ID).put("apiId", "rehearsal");
        context.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", "rehearsal");
        context.putObject("authorizer").put("userId", RehearsalWorld.USER_ID).put("principalId", RehearsalWorld.USER_ID)
                .put("expiresAt", Long.toString(now.plus(1, ChronoUnit.HOURS).getEpochSecond()));
        event.put("isBase64Encoded", false);
        if (body != null) {
            event.put("body", body);
        }
        return Json.write(event);
    }

    /** What the runtime gives an invocation, for a rehearsed one. */
    private record RehearsalContext(String awsRequestId) implements Context {

        @Override
        public String getAwsRequestId() {
            return awsRequestId;
        }

        @Override
        public String getLogGroupName() {
            return "rehearsal";
        }

        @Override
        public String getLogStreamName() {
            return "rehearsal";
        }

        @Override
        public String getFunctionName() {
            return "rehearsal";
        }

        @Override
        public String getFunctionVersion() {
            return "rehearsal";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:rehearsal";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    // A rehearsal's invocation logs nothing.
                }

                @Override
                public void log(byte[] message) {
                    // A rehearsal's invocation logs nothing.
                }
            };
        }
    }
}
