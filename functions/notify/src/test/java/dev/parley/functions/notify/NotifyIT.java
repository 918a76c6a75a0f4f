package dev.parley.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.config.Environment;
import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.MutableClock;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.priming.Priming;
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.NotifyService;
import dev.parley.core.wiring.Production;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class NotifyIT {

    private static ChatEngines engines;
    private static String platformApplication;
    private static String notifyQueueUrl;
    private static Environment environment;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        platformApplication = engines.sns().createPlatformApplication(r -> r.name("parley-fcm").platform("GCM")
                .attributes(Map.of("PlatformCredential", "local"))).platformApplicationArn();
        var variables = new HashMap<>(engines.environment());
        variables.put("PUSH_PLATFORM_APPLICATIONS", "fcm=" + platformApplication);
        variables.put("NOTIFY_REDELIVERY_SECONDS", "1805");
        notifyQueueUrl = engines.sqs().createQueue(r -> r.queueName(engines.get("EVENTS_TOPIC_ARN").replaceAll(".*:", "")
                .replace("-events", "-notify"))).queueUrl();
        variables.put("NOTIFY_QUEUE_URL", notifyQueueUrl);
        environment = Environment.of(variables);
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    @Test
    void notify_whenAnOfflineMemberHasADevice_publishesToTheTopicAndTheEndpoint() {
        engines.putChannel("c-push", "alice", 2);
        engines.putMember("c-push", "alice");
        engines.putMember("c-push", "bob");
        var registered = Json.parseTrusted(new RegisterDeviceHandler(environment).handleRequest(LambdaEvents.webSocket("registerDevice",
                "conn-b", "bob", "{\"action\":\"registerDevice\",\"platform\":\"fcm\",\"deviceToken\":\"token-bob\"}"),
                new TestContext("devices")).getBody());
        assertThat(registered.get("pushEndpoint").asBoolean()).isTrue();
        var message = new Message("c-push", 1, "m-1", "alice", "deploy done", List.of(), 1, null, false, Map.of(), "x", null, null);
        var record = Json.write(new Event("posted:c-push:1", Event.MESSAGE_POSTED, "c-push", "alice", 1, List.of(),
                EventFrames.message(message)).toJson());

        var response = new NotifyHandler(environment).handleRequest(LambdaEvents.sqs(record, record), new TestContext("notify"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        var notifications = engines.notifications(1, Duration.ofSeconds(5));
        assertThat(notifications).singleElement().satisfies(n -> {
            assertThat(n.get("userId").asText()).isEqualTo("bob");
            assertThat(n.get("preview").asText()).isEqualTo("deploy done");
        });
        var endpoint = engines.dynamoDb().query(r -> r.tableName(engines.get("DEVICES_TABLE")).keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("bob")))).items().getFirst().get("endpointArn").s();
        assertThat(engines.engines().sns().published(endpoint)).hasSize(1);
    }

    @Test
    void notify_whenTheWindowHeldAMessageBack_putsTheSummaryOnTheQueueUntilTheWindowsEndAndPushesItOnce() {
        engines.putChannel("c-summary", "alice", 2);
        engines.putMember("c-summary", "alice");
        engines.putMember("c-summary", "carol");
        // The two messages below were posted: carol has read neither.
        engines.dynamoDb().updateItem(r -> r.tableName(engines.get("CHANNELS_TABLE"))
                .key(Map.of("channelId", AttributeValue.fromS("c-summary"))).updateExpression("SET lastSeq = :two")
                .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"))));
        Json.parseTrusted(new RegisterDeviceHandler(environment).handleRequest(LambdaEvents.webSocket("registerDevice", "conn-c", "carol",
                "{\"action\":\"registerDevice\",\"platform\":\"fcm\",\"deviceToken\":\"token-carol\"}"),
                new TestContext("devices")).getBody());
        var clock = new MutableClock(Instant.now());
        var handler = new NotifyHandler(NotifyHandler.wire(NotifyConfig.fromEnvironment(environment),
                Production.create("notify", environment), clock));
        var windowLeft = 6;

        handler.handleRequest(LambdaEvents.sqs(posted("c-summary", 1, "first")), new TestContext("notify"));
        clock.advance(NotifyService.COALESCING_WINDOW.minusSeconds(windowLeft));
        var held = handler.handleRequest(LambdaEvents.sqs(posted("c-summary", 2, "second")), new TestContext("notify"));

        assertThat(held.getBatchItemFailures()).isEmpty();
        // SQS keeps the record back for the rest of the window and one second more.
        assertThat(engines.sqs().receiveMessage(r -> r.queueUrl(notifyQueueUrl).waitTimeSeconds(1)).messages()).isEmpty();
        var summary = engines.receive(notifyQueueUrl, 1, Duration.ofSeconds(windowLeft + 10));
        assertThat(summary).singleElement().satisfies(body -> assertThat(body).contains(NotifyService.SUMMARY_DUE));
        clock.advance(Duration.ofSeconds(windowLeft + 1));
        var first = handler.handleRequest(LambdaEvents.sqs(summary.getFirst()), new TestContext("notify"));
        var redelivered = handler.handleRequest(LambdaEvents.sqs(summary.getFirst()), new TestContext("notify"));

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        var notifications = engines.notifications(2, Duration.ofSeconds(5));
        assertThat(notifications).filteredOn(n -> n.get("userId").asText().equals("carol")).hasSize(2)
                .last().satisfies(n -> {
                    assertThat(n.get("kind").asText()).isEqualTo("summary");
                    assertThat(n.get("count").asLong()).isEqualTo(1);
                    assertThat(n.get("preview").asText()).isEqualTo("1 new message in #c-summary");
                });
        var endpoint = engines.dynamoDb().query(r -> r.tableName(engines.get("DEVICES_TABLE")).keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("carol")))).items().getFirst().get("endpointArn").s();
        assertThat(engines.engines().sns().published(endpoint)).hasSize(2);
    }

    private static String posted(String channelId, long seq, String text) {
        var message = new Message(channelId, seq, "m-" + seq, "alice", text, List.of(), seq, null, false, Map.of(), "x", null, null);
        return Json.write(new Event("posted:" + channelId + ":" + seq, Event.MESSAGE_POSTED, channelId, "alice", seq, List.of(),
                EventFrames.message(message)).toJson());
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_pushesToTheOfflineMembersDeviceAndChangesNothing() throws Exception {
        var metrics = twoRoundsChangingNothing(NotifyHandler.rehearsal(environment));

        assertThat(metrics).as("the push path was rehearsed").hasSize(2)
                .allSatisfy(line -> assertThat(line.path("EndpointPushes").asDouble()).isEqualTo(1.0));
    }

    @Test
    void coalescedRehearsal_whenRunRoundAfterRound_holdsTheMessageBackForTheSummaryAndChangesNothing() throws Exception {
        var metrics = twoRoundsChangingNothing(NotifyHandler.coalescedRehearsal(environment));

        assertThat(metrics).as("the coalescing path was rehearsed").hasSize(2).allSatisfy(line -> {
            assertThat(line.path("Coalesced").asDouble()).isEqualTo(1.0);
            assertThat(line.path("EndpointPushes").asDouble()).isZero();
        });
    }

    /**
     * Runs {@code rehearsal} twice; checks that the engines and the notify queue (a summary included) are as they were,
     * and returns the metric lines it wrote.
     */
    private static List<JsonNode> twoRoundsChangingNothing(Priming.Step rehearsal) throws Exception {
        var before = engines.footprint();
        var queuedBefore = notifyQueueCounts();
        var metrics = CapturedOutput.metricLinesOf(rehearsal, 2);
        assertThat(engines.footprint()).isEqualTo(before);
        assertThat(notifyQueueCounts()).isEqualTo(queuedBefore);
        return metrics;
    }

    private static Map<QueueAttributeName, String> notifyQueueCounts() {
        return engines.sqs().getQueueAttributes(r -> r.queueUrl(notifyQueueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }
}
