package dev.parley.functions.sendmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.model.Message;
import dev.parley.core.service.MessageService;
import dev.parley.core.store.MessageStore.WriteResult;
import dev.parley.core.store.dynamodb.DynamoDbMessageStore;
import dev.parley.core.store.dynamodb.DynamoDbPendingPublishStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PublishRecoveryIT {

    private static ChatEngines engines;
    private static DynamoDbMessageStore messages;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        messages = new DynamoDbMessageStore(DynamoDbEnhancedClient.builder().dynamoDbClient(engines.dynamoDb()).build(), engines.dynamoDb(),
                engines.get("CHANNELS_TABLE"), engines.get("MESSAGES_TABLE"), engines.get("DEDUP_TABLE"));
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    @Test
    void handleRequest_whenASendDiedAfterItsWrite_publishesItsEventAndClearsTheMark() {
        engines.putChannel("c-lost", "alice", 2);
        engines.putMember("c-lost", "alice");
        engines.putMember("c-lost", "bob");
        // Stored a minute ago by a send-message function that died before it published.
        var at = System.currentTimeMillis() - Duration.ofMinutes(1).toMillis();
        var seq = messages.allocate("c-lost", at).orElseThrow();
        var dedupKey = MessageService.dedupKey("c-lost", "alice", "x1");
        assertThat(messages.write(new Message("c-lost", seq, "m-lost", "alice", "still here", List.of(), at, null, false, Map.of(),
                "x1", null, null), dedupKey, at / 1000 + 86_400)).isEqualTo(WriteResult.WRITTEN);

        new PublishRecoveryHandler(engines.functionEnvironment()).handleRequest(new ScheduledEvent(), new TestContext("publish-recovery"));

        var published = engines.publishedEvents(event -> ("posted:c-lost:" + seq).equals(event.path("eventId").asText()), 1,
                Duration.ofSeconds(10));
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("message.posted");
            assertThat(event.path("frame").path("clientMsgId").asText()).isEqualTo("x1");
        });
        var dedup = engines.item("DEDUP_TABLE", Map.of("dedupKey", AttributeValue.fromS(dedupKey)));
        assertThat(dedup).containsKey("seq").doesNotContainKey(DynamoDbPendingPublishStore.SHARD);
    }
}
