package dev.parley.functions.disconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DisconnectIT {

    private static ChatEngines engines;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static Map<String, AttributeValue> presence(String userId) {
        return engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_TABLE"))
                .key(Map.of("userId", AttributeValue.fromS(userId))).consistentRead(true)).item();
    }

    @Test
    void handleRequest_whenDevicesLeaveOneByOne_staysOnlineUntilTheLastAndIsIdempotent() {
        for (var id : List.of("d-1", "d-2")) {
            engines.dynamoDb().putItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE")).item(Map.of(
                    "connectionId", AttributeValue.fromS(id), "userId", AttributeValue.fromS("bob"),
                    "connectedAt", AttributeValue.fromN("1"), "sweepBucket", AttributeValue.fromS("2026112410#1"),
                    "expiresAt", AttributeValue.fromN("4102444800"))));
        }
        engines.dynamoDb().putItem(r -> r.tableName(engines.get("PRESENCE_TABLE")).item(Map.of(
                "userId", AttributeValue.fromS("bob"), "status", AttributeValue.fromS("online"),
                "connectionIds", AttributeValue.fromSs(List.of("d-1", "d-2")), "lastSeenAt", AttributeValue.fromN("1"))));
        var handler = new DisconnectHandler(engines.functionEnvironment());

        handler.handleRequest(LambdaEvents.webSocket("$disconnect", "d-1", "bob", null), new TestContext("disconnect"));
        assertThat(presence("bob").get("status").s()).isEqualTo("online");
        handler.handleRequest(LambdaEvents.webSocket("$disconnect", "d-2", "bob", null), new TestContext("disconnect"));
        handler.handleRequest(LambdaEvents.webSocket("$disconnect", "d-2", "bob", null), new TestContext("disconnect"));

        assertThat(presence("bob").get("status").s()).isEqualTo("offline");
        assertThat(presence("bob")).doesNotContainKey("connectionIds");
        for (var id : List.of("d-1", "d-2")) {
            assertThat(engines.dynamoDb().getItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE"))
                    .key(Map.of("connectionId", AttributeValue.fromS(id))).consistentRead(true)).item()).isEmpty();
        }
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = DisconnectHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
