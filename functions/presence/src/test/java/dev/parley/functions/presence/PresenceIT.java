package dev.parley.functions.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PresenceIT {

    private static ChatEngines engines;
    private static PresenceHandler handler;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        handler = new PresenceHandler(engines.functionEnvironment());
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static JsonNode reply(String userId, String frame) {
        var body = handler.handleRequest(LambdaEvents.webSocket("x", "conn-" + userId, userId, frame), new TestContext("presence"))
                .getBody();
        return body == null ? null : Json.parseTrusted(body);
    }

    private static void connection(String connectionId, String userId) {
        engines.putConnection(connectionId, userId);
    }

    @Test
    void typing_whenSentTwiceQuickly_isPublishedOnceAndNeverStored() {
        engines.putMember("c-typing", "alice");

        assertThat(reply("alice", "{\"action\":\"typing\",\"channelId\":\"c-typing\"}")).isNull();
        assertThat(reply("alice", "{\"action\":\"typing\",\"channelId\":\"c-typing\"}")).isNull();
        assertThat(reply("eve", "{\"action\":\"typing\",\"channelId\":\"c-typing\"}").get("code").asText()).isEqualTo("forbidden");

        var typing = engines.publishedEvents(e -> e.get("type").asText().equals("typing"), 1, Duration.ofSeconds(5));
        assertThat(typing).singleElement().satisfies(e -> assertThat(e.get("frame").get("userId").asText()).isEqualTo("alice"));
        assertThat(engines.dynamoDb().query(r -> r.tableName(engines.get("MESSAGES_TABLE")).keyConditionExpression("channelId = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("c-typing")))).items()).isEmpty();
    }

    @Test
    void subscribePresence_whenUsersAreOnlineOrUnknown_answersTheSnapshot() {
        engines.putMember("c-watch", "alice");
        engines.putMember("c-watch", "bob");
        engines.putMember("c-watch", "barb");
        engines.putMember("c-elsewhere", "stranger");
        connection("sub-bob-1", "bob");
        connection("sub-stranger-1", "stranger");

        var snapshot = reply("alice", "{\"action\":\"subscribePresence\",\"requestId\":\"s\",\"userIds\":[\"bob\",\"stranger\","
                + "\"nobody\",\"barb\"]}");

        assertThat(snapshot.get("users")).extracting(u -> u.get("userId").asText() + ":" + u.get("status").asText())
                .containsExactly("bob:online", "barb:offline");
        assertThat(engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_WATCH_TABLE")).key(Map.of(
                "watchedUserId", AttributeValue.fromS("stranger"), "connectionId", AttributeValue.fromS("conn-alice")))).hasItem())
                .isFalse();
        var watch = engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_WATCH_TABLE")).key(Map.of(
                "watchedUserId", AttributeValue.fromS("bob"), "connectionId", AttributeValue.fromS("conn-alice"))));
        assertThat(watch.item().get("watcherUserId").s()).isEqualTo("alice");
    }

    @Test
    void defaultRoute_whenTheActionIsUnknown_answersUnknownAction() {
        assertThat(reply("alice", "{\"action\":\"fly\"}").get("code").asText()).isEqualTo("unknown_action");
    }

    @Test
    void sweep_whenAConnectionIsGoneWithoutADisconnect_removesItAndMarksTheUserOffline() {
        connection("sweep-live", "carol");
        connection("sweep-dead", "dan");
        engines.connections().open("sweep-live");

        new SweepHandler(engines.functionEnvironment()).handleRequest(new ScheduledEvent(), new TestContext("sweep"));

        var dead = engines.dynamoDb().getItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE"))
                .key(Map.of("connectionId", AttributeValue.fromS("sweep-dead"))).consistentRead(true));
        var live = engines.dynamoDb().getItem(r -> r.tableName(engines.get("CONNECTIONS_TABLE"))
                .key(Map.of("connectionId", AttributeValue.fromS("sweep-live"))).consistentRead(true));
        var dan = engines.dynamoDb().getItem(r -> r.tableName(engines.get("PRESENCE_TABLE"))
                .key(Map.of("userId", AttributeValue.fromS("dan"))).consistentRead(true));
        assertThat(dead.hasItem() && !dead.item().isEmpty()).isFalse();
        assertThat(live.item()).isNotEmpty();
        assertThat(dan.item().get("status").s()).isEqualTo("offline");
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = PresenceHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
