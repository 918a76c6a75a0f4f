package dev.parley.local;

import static dev.parley.local.RunningLocal.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.local.faults.Faults;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Faults injected into a running Parley Local, and what clients and the stack make of them. */
class FaultsIT {

    private static ParleyLocal local;

    @BeforeAll
    static void start() throws Exception {
        local = RunningLocal.get();
        RunningLocal.awaitHandshakes(local);
    }

    @AfterEach
    void noMoreFaults() {
        local.faults().set(Faults.Spec.none(1));
    }

    private static String channel(ChatClient owner, String member) throws Exception {
        var created = owner.call("createChannel", "name", "faults", "kind", "group", "members", List.of(member));
        return created.get("channel").get("channelId").asText();
    }

    /** Sends an action and waits for its answer: its own frame, or the gateway's answer to a failed integration. */
    private static JsonNode answer(ChatClient client, String requestId, Object... fields) throws Exception {
        var frame = ChatClient.frame(fields[0].toString(), Arrays.copyOfRange(fields, 1, fields.length)).put("requestId", requestId);
        var mark = client.mark();
        client.send(ChatClient.MAPPER.writeValueAsString(frame));
        return client.awaitAfter(mark, received -> requestId.equals(received.path("requestId").asText())
                || "Internal server error".equals(received.path("message").asText()) && !received.has("type"), Duration.ofSeconds(60));
    }

    @Test
    void sendMessage_whenTheInstanceDiesAtItsPublish_theMessageIsStoredAndRecoveryDeliversIt() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(local.endpoints(), alice); var b = ChatClient.connect(local.endpoints(), bob)) {
            var channelId = channel(a, bob);
            b.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));
            local.faults().set(Faults.Spec.parse("function.crash-at-publish=1"));

            var failed = answer(a, "first", "sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", "hello");
            local.faults().set(Faults.Spec.none(1));

            assertThat(failed.path("message").asText()).isEqualTo("Internal server error");
            assertThat(local.faults().injected(Faults.Point.FUNCTION_CRASH_AT_PUBLISH)).isPositive();
            var history = a.call("getHistory", "channelId", channelId, "limit", 10);
            assertThat(history.path("messages")).extracting(m -> m.path("clientMsgId").asText()).containsExactly("m1");
            var resent = a.call("sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", "hello");
            assertThat(resent.path("seq").asLong()).isEqualTo(1);
            // The resend answers the stored ack; the lost publish is made by PublishRecovery, whose schedule runs every minute.
            var delivered = b.await(frame -> "message".equals(frame.path("type").asText())
                    && frame.path("channelId").asText().equals(channelId), Duration.ofSeconds(150));
            assertThat(delivered.path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void sendMessage_whenAWriteOrThePublishFails_answersAnErrorAndTheResendIsStoredOnce() throws Exception {
        var alice = unique("alice");
        try (var a = ChatClient.connect(local.endpoints(), alice)) {
            var channelId = channel(a, unique("bob"));
            var points = List.of(Faults.Point.DYNAMODB_THROTTLE, Faults.Point.SNS_PUBLISH, Faults.Point.DYNAMODB_CANCEL,
                    Faults.Point.FUNCTION_TIMEOUT);
            for (var point : points) {
                var before = local.faults().injected(point);
                local.faults().set(Faults.Spec.parse(point.key() + "=1,seed=5"));
                var failed = answer(a, "try-" + point.key(), "sendMessage", "channelId", channelId, "clientMsgId", "m-" + point.key(),
                        "text", "hi");
                local.faults().set(Faults.Spec.none(1));

                assertThat(failed.path("type").asText("error")).as(point.key() + ": " + failed).isEqualTo("error");
                assertThat(local.faults().injected(point)).as(point.key()).isGreaterThan(before);
                var resent = a.call("sendMessage", "channelId", channelId, "clientMsgId", "m-" + point.key(), "text", "hi");
                assertThat(resent.path("type").asText()).as(point.key() + ": " + resent).isEqualTo("ack");
            }
            var history = a.call("getHistory", "channelId", channelId, "limit", 10);
            assertThat(history.path("messages")).filteredOn(m -> !m.path("skipped").asBoolean(false))
                    .extracting(m -> m.path("clientMsgId").asText())
                    .containsExactlyInAnyOrderElementsOf(points.stream().map(point -> "m-" + point.key()).toList());
        }
    }

    @Test
    void invoke_whenSandboxesTimeOutAgainAndAgain_theirClientsAreClosedWithThem() throws Exception {
        var alice = unique("alice");
        try (var a = ChatClient.connect(local.endpoints(), alice)) {
            var channelId = channel(a, unique("bob"));
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "warm", "text", "hi");
            var before = sdkClientThreads();
            local.faults().set(Faults.Spec.parse("function.timeout=1,seed=7"));
            for (int i = 0; i < 20; i++) {
                answer(a, "timeout-" + i, "sendMessage", "channelId", channelId, "clientMsgId", "t-" + i, "text", "hi");
            }
            local.faults().set(Faults.Spec.none(1));
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "after", "text", "hi");

            // Each discarded sandbox built its own clients; closed with it, they leave no thread behind.
            assertThat(sdkClientThreads() - before).as("SDK client threads left by 20 discarded sandboxes").isLessThan(10);
        }
    }

    private static long sdkClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("sdk-ScheduledExecutor")).count();
    }

    @Test
    void postToConnection_whenTheConnectionDropsWith410_theClientIsClosedAndCatchesUpFromHistory() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(local.endpoints(), alice); var b = ChatClient.connect(local.endpoints(), bob)) {
            var channelId = channel(a, bob);
            b.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));
            local.faults().set(Faults.Spec.parse("connections.410=1"));

            // The sender is a member too: its own connection may drop before its ack arrives, so the ack is not awaited.
            a.send(ChatClient.MAPPER.writeValueAsString(ChatClient.frame("sendMessage", "channelId", channelId, "clientMsgId", "m1",
                    "text", "are you there?")));

            assertThat(b.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
            local.faults().set(Faults.Spec.none(1));
            try (var again = ChatClient.connect(local.endpoints(), bob)) {
                var history = again.call("getHistory", "channelId", channelId, "limit", 10);
                assertThat(history.path("messages")).extracting(m -> m.path("clientMsgId").asText()).containsExactly("m1");
            }
        }
    }

    @Test
    void disconnect_whenLost_leavesTheConnectionRecordedForTheSweep() throws Exception {
        var engines = local.engines();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
        var user = unique("lost");
        try (var dynamoDb = DynamoDbClient.builder().endpointOverride(engines.dynamoDbUrl()).region(Region.of(engines.region()))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            var table = dynamoDb.listTables().tableNames().stream().filter(name -> name.contains("-Connections")).findFirst().orElseThrow();
            var client = ChatClient.connect(local.endpoints(), user);
            var connectionId = dynamoDb.query(r -> r.tableName(table).indexName("byUser").keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user)))).items().getFirst().get("connectionId").s();
            local.faults().set(Faults.Spec.parse("disconnect.lost=1"));

            client.close();
            client.closed.get(10, TimeUnit.SECONDS);
            while (local.faults().injected(Faults.Point.DISCONNECT_LOST) == 0) {
                Thread.sleep(20);
            }

            assertThat(dynamoDb.getItem(r -> r.tableName(table).key(Map.of("connectionId", AttributeValue.fromS(connectionId))))
                    .item()).isNotEmpty();
        }
    }
}
