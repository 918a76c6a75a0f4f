package dev.parley.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.TableNames;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.priming.Priming;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SnapStart priming of every adapter, on the real engines: it must go through every client and change nothing,
 * since it runs before each snapshot of a deployed function.
 */
class ProductionPrimingIT {

    private static final List<String> TABLES = List.of(TableNames.CONNECTIONS_TABLE, TableNames.PRESENCE_TABLE,
            TableNames.CHANNELS_TABLE, TableNames.MEMBERS_TABLE, TableNames.MESSAGES_TABLE, TableNames.DEDUP_TABLE,
            TableNames.PRESENCE_WATCH_TABLE, TableNames.DEVICES_TABLE, TableNames.THROTTLES_TABLE, TableNames.CHANNEL_CONNECTIONS_TABLE);

    @Test
    void prime_whenEveryAdapterIsWired_runsEveryStepAndChangesNothing() throws Exception {
        try (var chat = ChatEngines.start()) {
            var registered = Priming.registered();
            var production = Production.create("priming-it", chat.functionEnvironment());
            production.channels(chat.get(TableNames.CHANNELS_TABLE), chat.get(TableNames.MEMBERS_TABLE));
            production.createRequests(chat.get(TableNames.DEDUP_TABLE));
            production.members(chat.get(TableNames.MEMBERS_TABLE));
            production.messages(chat.get(TableNames.CHANNELS_TABLE), chat.get(TableNames.MESSAGES_TABLE), chat.get(TableNames.DEDUP_TABLE));
            production.history(chat.get(TableNames.CHANNELS_TABLE), chat.get(TableNames.MESSAGES_TABLE));
            production.pendingPublishes(chat.get(TableNames.DEDUP_TABLE));
            production.channelConnections(chat.get(TableNames.CHANNEL_CONNECTIONS_TABLE));
            production.connections(chat.get(TableNames.CONNECTIONS_TABLE));
            production.presence(chat.get(TableNames.PRESENCE_TABLE));
            production.presenceWatches(chat.get(TableNames.PRESENCE_WATCH_TABLE));
            production.devices(chat.get(TableNames.DEVICES_TABLE));
            production.throttles(chat.get(TableNames.THROTTLES_TABLE));
            production.events(chat.get("EVENTS_TOPIC_ARN"));
            production.push(chat.get("NOTIFICATIONS_TOPIC_ARN"));
            production.shardQueue(chat.get("FANOUT_QUEUE_URL"));
            production.delayedQueue(chat.get("FANOUT_QUEUE_URL"));
            production.objects(chat.get("ATTACHMENTS_BUCKET"));
            production.notifier(chat.get("CONNECTIONS_ENDPOINT"));

            production.prime();

            assertThat(Priming.registered()).isEqualTo(registered + 1);
            for (var table : TABLES) {
                assertThat(chat.dynamoDb().scan(r -> r.tableName(chat.get(table))).count()).as(table).isZero();
            }
            assertThat(chat.engines().sns().published(chat.get("EVENTS_TOPIC_ARN"))).isEmpty();
            assertThat(chat.engines().sns().published(chat.get("NOTIFICATIONS_TOPIC_ARN"))).isEmpty();
            assertThat(chat.sqs().getQueueAttributes(r -> r.queueUrl(chat.get("FANOUT_QUEUE_URL"))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes())
                    .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                    .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")
                    .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
            assertThat(chat.sqs().listQueues().queueUrls()).noneMatch(url -> url.contains("priming"));
            assertThat(chat.s3().listObjectsV2(r -> r.bucket(chat.get("ATTACHMENTS_BUCKET"))).contents()).isEmpty();
        }
    }
}
