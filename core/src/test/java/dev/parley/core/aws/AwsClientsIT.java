package dev.parley.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.config.Environment;
import dev.parley.core.fixtures.ConnectionsServer;
import dev.parley.core.store.ConnectionNotifier;
import dev.parley.core.store.aws.ApiGatewayConnectionNotifier;
import dev.parley.local.engines.Engines;
import dev.parley.http.SocketHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients {@link AwsClients} builds, on the real engines: every request and response goes through
 * {@link SocketHttpClient}, and S3 checks each SigV4 signature, so a path, query or length the client changed would fail.
 */
class AwsClientsIT {

    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static SnsClient sns;
    private static S3Client s3;
    private static AwsClients aws;
    private static ConnectionsServer connections;

    @BeforeAll
    static void clients() {
        var engines = Engines.shared();
        aws = AwsClients.create(Environment.of(engines.sdkEnvironment()));
        dynamoDb = aws.dynamoDb();
        sqs = aws.sqs();
        sns = aws.sns();
        s3 = aws.s3();
        connections = ConnectionsServer.start();
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    @Test
    void dynamoDb_whenItemsAreWrittenAndRead_roundTripsThemAndMapsErrors() {
        var table = "clients-" + UUID.randomUUID();
        try {
            dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // The name is this test's own: an attempt that timed out on a busy machine created it before the SDK retried.
            dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(table));
        }
        var large = "x".repeat(300 * 1024);
        var item = Map.of("pk", AttributeValue.fromS("channel#héllo 👋"), "name", AttributeValue.fromS("général"),
                "large", AttributeValue.fromS(large));

        dynamoDb.putItem(r -> r.tableName(table).item(item));
        var read = dynamoDb.getItem(r -> r.tableName(table).key(Map.of("pk", item.get("pk"))).consistentRead(true)).item();

        assertThat(read).isEqualTo(item);
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .satisfies(e -> assertThat(((ConditionalCheckFailedException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void s3_whenKeysNeedEncoding_signsAndStoresThemExactly() {
        var bucket = "clients-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        var small = "dir/a b+c~é=1&x.txt";
        var large = "dir/large (1).bin";
        var megabyte = new byte[1024 * 1024];
        new Random(11).nextBytes(megabyte);

        s3.putObject(r -> r.bucket(bucket).key(small).contentType("text/plain"), RequestBody.fromString("héllo", StandardCharsets.UTF_8));
        s3.putObject(r -> r.bucket(bucket).key(large), RequestBody.fromBytes(megabyte));
        s3.putObject(r -> r.bucket(bucket).key("dir/empty"), RequestBody.empty());

        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(small)).asUtf8String()).isEqualTo("héllo");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(large)).asByteArray()).isEqualTo(megabyte);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("dir/empty")).asByteArray()).isEmpty();
        assertThat(s3.headObject(r -> r.bucket(bucket).key(large)).contentLength()).isEqualTo(megabyte.length);
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("dir/a b+")).contents()).extracting(S3Object::key)
                .containsExactly(small);
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key("dir/missing")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void sqs_whenAMessageIsSent_receivesIt() {
        var queueUrl = sqs.createQueue(r -> r.queueName("clients-" + UUID.randomUUID())).queueUrl();

        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"text\":\"héllo & bye\"}"));
        var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(1)).messages();

        assertThat(messages).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"text\":\"héllo & bye\"}"));
    }

    @Test
    void sns_whenATopicIsCreated_publishesToIt() {
        var topicArn = sns.createTopic(r -> r.name("clients-" + UUID.randomUUID())).topicArn();

        var published = sns.publish(r -> r.topicArn(topicArn).message("héllo & bye"));

        assertThat(published.messageId()).isNotBlank();
    }

    @Test
    void connections_whenPostingToAConnection_encodesItsIdAndMapsGone() {
        var connectionId = "L0SM9cOFvHcCIhw=";
        connections.open(connectionId);
        var notifier = new ApiGatewayConnectionNotifier(connections.endpoint(), aws.region(), aws.credentials());
        var hi = "hi".getBytes(StandardCharsets.UTF_8);

        assertThat(notifier.post(connectionId, hi)).isEqualTo(ConnectionNotifier.Delivery.DELIVERED);
        assertThat(connections.received(connectionId)).containsExactly("hi");
        assertThat(notifier.post("gone=", hi)).isEqualTo(ConnectionNotifier.Delivery.GONE);
    }
}
