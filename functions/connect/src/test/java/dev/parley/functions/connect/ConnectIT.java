package dev.parley.functions.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConnectIT {

    private static ChatEngines engines;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    @Test
    void handleRequest_whenAUserConnectsThreeDevices_recordsEachAndAnnouncesOnlineOnce() {
        var handler = new ConnectHandler(engines.functionEnvironment());

        for (var id : new String[] {"dev-1", "dev-2", "dev-3"}) {
            var response = handler.handleRequest(LambdaEvents.webSocket("$connect", id, "alice", null), new TestContext("connect"));
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        var presence = engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_TABLE"))
                .key(Map.of("userId", AttributeValue.fromS("alice"))).consistentRead(true)).item();
        assertThat(presence.get("connectionIds").ss()).containsExactlyInAnyOrder("dev-1", "dev-2", "dev-3");
        assertThat(presence.get("status").s()).isEqualTo("online");
        var connection = engines.dynamoDb().getItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE"))
                .key(Map.of("connectionId", AttributeValue.fromS("dev-2")))).item();
        assertThat(connection.get("userId").s()).isEqualTo("alice");
        assertThat(connection.get("sweepBucket").s()).matches("\\d{10}#[0-7]");
        var events = engines.allPublishedEvents(e -> e.path("actorId").asText().equals("alice"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("presence.changed");
            assertThat(e.get("frame").get("status").asText()).isEqualTo("online");
        });
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = ConnectHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
