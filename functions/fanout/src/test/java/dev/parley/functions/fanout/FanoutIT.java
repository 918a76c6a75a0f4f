package dev.parley.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.service.EventFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FanoutIT {

    private static ChatEngines engines;
    private static FanoutHandler handler;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start(Map.of("FANOUT_SHARD_SIZE", "3"));
        handler = new FanoutHandler(engines.functionEnvironment());
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static void member(String channelId, String userId) {
        engines.putMember(channelId, userId);
    }

    private static void connected(String userId, String... connectionIds) {
        for (var id : connectionIds) {
            engines.putConnection(id, userId);
            engines.connections().open(id);
        }
    }

    private static String typing(String channelId, String actor) {
        return Json.write(new Event("e-" + System.nanoTime(), Event.TYPING, channelId, actor, 1, List.of(),
                EventFrames.typing(channelId, actor)).toJson());
    }

    @Test
    void handleRequest_whenMembersAreConnected_postsTheFrameToEveryLiveConnection() {
        member("c-fan", "alice");
        member("c-fan", "bob");
        connected("alice", "fan-a1");
        connected("bob", "fan-b1", "fan-b2");

        var response = handler.handleRequest(LambdaEvents.sqs(typing("c-fan", "carol")), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        for (var id : List.of("fan-a1", "fan-b1", "fan-b2")) {
            assertThat(engines.connections().received(id)).singleElement()
                    .satisfies(frame -> assertThat(Json.parseTrusted(frame).get("type").asText()).isEqualTo("typing"));
        }
    }

    @Test
    void handleRequest_whenAConnectionIsGone_prunesItFromConnectionsAndPresence() {
        member("c-gone", "dave");
        connected("dave", "gone-1", "gone-2");
        engines.connections().gone("gone-1");

        var response = handler.handleRequest(LambdaEvents.sqs(typing("c-gone", "carol")), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        var connection = engines.dynamoDb().getItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE"))
                .key(Map.of("connectionId", AttributeValue.fromS("gone-1"))).consistentRead(true));
        var presence = engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_TABLE"))
                .key(Map.of("userId", AttributeValue.fromS("dave"))).consistentRead(true));
        assertThat(connection.hasItem() && !connection.item().isEmpty()).isFalse();
        assertThat(presence.item().get("connectionIds").ss()).containsExactly("gone-2");
        assertThat(engines.connections().received("gone-2")).hasSize(1);
    }

    @Test
    void handleRequest_whenOneRecordIsPoison_reportsOnlyThatOne() {
        member("c-poison", "erin");
        connected("erin", "poison-e1");

        var response = handler.handleRequest(LambdaEvents.sqs(typing("c-poison", "x"), "{\"v\":1,\"type\":", typing("c-poison", "y")),
                new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("m1");
        assertThat(engines.connections().received("poison-e1")).hasSize(2);
    }

    @Test
    void handleRequest_whenTheAudienceExceedsTheShardSize_queuesShardJobsThatDeliver() {
        for (int i = 0; i < 7; i++) {
            member("c-big", "big" + i);
            connected("big" + i, "big-conn-" + i);
        }

        handler.handleRequest(LambdaEvents.sqs(typing("c-big", "someone")), new TestContext("fanout"));
        var jobs = engines.receive(engines.get("FANOUT_QUEUE_URL"), 3, Duration.ofSeconds(10));
        assertThat(jobs).hasSize(3).allSatisfy(job -> assertThat(Json.parseTrusted(job).get("kind").asText()).isEqualTo("targets"));
        assertThat(engines.connections().received("big-conn-0")).isEmpty();

        var response = handler.handleRequest(LambdaEvents.sqs(jobs.toArray(String[]::new)), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        for (int i = 0; i < 7; i++) {
            assertThat(engines.connections().received("big-conn-" + i)).hasSize(1);
        }
    }

    @Test
    void handleRequest_whenAConnectionStaysThrottled_retriesItAloneThroughTheQueue() {
        member("c-slow", "fran");
        member("c-slow", "gus");
        connected("fran", "slow-1");
        connected("gus", "fast-1");
        engines.connections().throttle("slow-1");

        var response = handler.handleRequest(LambdaEvents.sqs(typing("c-slow", "x")), new TestContext("fanout"));
        var retries = engines.receive(engines.get("FANOUT_QUEUE_URL"), 1, Duration.ofSeconds(15));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(engines.connections().received("fast-1")).hasSize(1);
        assertThat(retries).singleElement().satisfies(job -> {
            var body = Json.parseTrusted(job);
            assertThat(body.get("kind").asText()).isEqualTo("retry");
            assertThat(body.get("targets").has("slow-1")).isTrue();
            assertThat(body.get("targets").has("fast-1")).isFalse();
        });
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_postsToTheWorldsConnectionInTheJvmAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var metrics = CapturedOutput.metricLinesOf(FanoutHandler.rehearsal(engines.functionEnvironment()), 2);

        assertThat(engines.footprint()).isEqualTo(before);
        assertThat(metrics).as("a post to the connection was rehearsed").hasSize(2)
                .allSatisfy(line -> assertThat(line.path("Posted").asDouble()).isEqualTo(1.0));
    }
}
