package dev.parley.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.service.EventFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class NotifyIT {

    private static ChatEngines engines;
    private static String platformApplication;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        platformApplication = engines.sns().createPlatformApplication(r -> r.name("parley-fcm").platform("GCM")
                .attributes(Map.of("PlatformCredential", "local"))).platformApplicationArn();
        var environment = new java.util.HashMap<>(engines.environment());
        environment.put("PUSH_PLATFORM_APPLICATIONS", "fcm=" + platformApplication);
        environment.put("NOTIFY_REDELIVERY_SECONDS", "1805");
        dev.parley.core.config.Environment.override(environment);
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
        var registered = Json.parseTrusted(new RegisterDeviceHandler().handleRequest(LambdaEvents.webSocket("registerDevice", "conn-b",
                "bob", "{\"action\":\"registerDevice\",\"platform\":\"fcm\",\"deviceToken\":\"token-bob\"}"),
                new TestContext("devices")).getBody());
        assertThat(registered.get("pushEndpoint").asBoolean()).isTrue();
        var message = new Message("c-push", 1, "m-1", "alice", "deploy done", List.of(), 1, null, false, Map.of(), "x", null, null);
        var record = Json.write(new Event("posted:c-push:1", Event.MESSAGE_POSTED, "c-push", "alice", 1, List.of(),
                EventFrames.message(message)).toJson());

        var response = new NotifyHandler().handleRequest(LambdaEvents.sqs(record, record), new TestContext("notify"));

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
}
