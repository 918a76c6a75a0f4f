package dev.parley.core.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.aws.AwsClients;
import dev.parley.core.config.Environment;
import dev.parley.core.config.TableNames;
import dev.parley.core.store.ThrottleStore;
import dev.parley.core.store.dynamodb.DynamoDbThrottleStore;
import dev.parley.core.store.dynamodb.Schemas;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

class RehearsalHttpClientTest {

    private static final Environment ENVIRONMENT = Environment.of(Map.of("AWS_REGION", "eu-west-1",
            TableNames.CHANNELS_TABLE, "channels", TableNames.MEMBERS_TABLE, "members", TableNames.DEDUP_TABLE, "dedup",
            TableNames.THROTTLES_TABLE, "throttles"));
    private static final Map<String, AttributeValue> KEY = Map.of("channelId", AttributeValue.fromS(RehearsalWorld.CHANNEL_ID));

    private final RehearsalHttpClient http = new RehearsalHttpClient(RehearsalWorld.of(ENVIRONMENT, Instant.parse("2026-12-01T10:00:00Z")));
    private final AwsClients aws = AwsClients.rehearsal(ENVIRONMENT, http);
    private final DynamoDbClient dynamoDb = aws.dynamoDb();

    @AfterEach
    void close() {
        dynamoDb.close();
        aws.close();
    }

    @Test
    void getItem_whenTheTableHoldsAnItemOfTheWorld_answersIt() {
        var item = dynamoDb.getItem(r -> r.tableName("channels").key(KEY)).item();

        var channel = Schemas.channel().mapToItem(item);
        assertThat(channel.channelId()).isEqualTo(RehearsalWorld.CHANNEL_ID);
        assertThat(channel.createdBy()).isEqualTo(RehearsalWorld.USER_ID);
        assertThat(Schemas.member().mapToItem(dynamoDb.getItem(r -> r.tableName("members").key(KEY)).item()).userId())
                .isEqualTo(RehearsalWorld.USER_ID);
    }

    @Test
    void getItem_whenTheTableIsTheDedupTable_answersNoItemSoARehearsedSendIsNew() {
        var response = dynamoDb.getItem(r -> r.tableName("dedup").key(Map.of("dedupKey", AttributeValue.fromS("k"))));

        assertThat(response.hasItem()).isFalse();
    }

    @Test
    void updateItem_whenTheChannelsCounterIsAdded_answersTheWorldsLastSeq() {
        var response = dynamoDb.updateItem(r -> r.tableName("channels").key(KEY).updateExpression("ADD lastSeq :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).returnValues(ReturnValue.UPDATED_NEW));

        assertThat(response.attributes().get("lastSeq").n()).isEqualTo("1");
    }

    @Test
    void writes_whenRehearsed_areAnsweredAsSucceededInTheJvm() {
        dynamoDb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName("dedup").item(Map.of("dedupKey", AttributeValue.fromS("k")))).build()));
        dynamoDb.putItem(r -> r.tableName("dedup").item(Map.of("dedupKey", AttributeValue.fromS("k"))));

        assertThat(http.requests()).isEqualTo(2);
    }

    @Test
    void putItem_whenTheWorldHoldsTheClaim_isRefusedWithTheHolderAndOtherClaimsSucceed() {
        var now = Instant.parse("2026-12-01T10:00:00Z");
        var held = RehearsalWorld.of(ENVIRONMENT, now).withClaimsHeld("push#", now.plusSeconds(60));
        try (var heldAws = AwsClients.rehearsal(ENVIRONMENT, new RehearsalHttpClient(held)); var heldDynamoDb = heldAws.dynamoDb()) {
            var throttles = new DynamoDbThrottleStore(heldDynamoDb, "throttles");

            assertThat(throttles.claimOrFindHolder("push#u#c", now.getEpochSecond() + 60, now.getEpochSecond()))
                    .isEqualTo(new ThrottleStore.Claim(false, now.getEpochSecond() + 60));
            assertThat(throttles.claim("pushed#e#u", now.getEpochSecond() + 60, now.getEpochSecond())).isTrue();
        }
        var free = new DynamoDbThrottleStore(dynamoDb, "throttles");
        assertThat(free.claimOrFindHolder("push#u#c", 1, 0).taken()).isTrue();
    }

    @Test
    void publish_whenToATopic_answersAMessageId() {
        try (var sns = aws.sns()) {
            var response = sns.publish(r -> r.topicArn("arn:aws:sns:eu-west-1:000000000000:events").message("{}"));

            assertThat(response.messageId()).isNotBlank();
        }
    }

    @Test
    void sendMessageBatch_whenSent_answersEachEntryWithTheChecksumTheClientVerifies() {
        try (var sqs = aws.sqs()) {
            var response = sqs.sendMessageBatch(r -> r.queueUrl("https://sqs.eu-west-1.amazonaws.com/000000000000/fanout")
                    .entries(SendMessageBatchRequestEntry.builder().id("a").messageBody("first").build(),
                            SendMessageBatchRequestEntry.builder().id("b").messageBody("second").build()));

            assertThat(response.successful()).extracting(entry -> entry.id()).containsExactly("a", "b");
            assertThat(response.failed()).isEmpty();
        }
    }

    @Test
    void snsAction_whenTheWorldHasNoAnswer_isRefusedNamingItInTheQueryProtocolsShape() {
        try (var sns = aws.sns()) {
            assertThatThrownBy(() -> sns.listTopics())
                    .isInstanceOf(software.amazon.awssdk.services.sns.model.SnsException.class)
                    .hasMessageContaining("the rehearsal has no answer to POST / ListTopics");
        }
    }

    @Test
    void scan_whenAskedForWhatNoRehearsedPathDoes_isRefusedNamingIt() {
        assertThatThrownBy(() -> dynamoDb.scan(r -> r.tableName("channels")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("the rehearsal has no answer to DynamoDB_20120810.Scan");
    }
}
