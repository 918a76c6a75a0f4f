package dev.parley.local.counting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.local.engines.Engines;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The counting proxies under the SDK's own clients: answers pass through untouched (the SDK checks DynamoDB's CRC32). */
class CountingProxyIT {

    private static final Engines ENGINES = Engines.shared();
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ENGINES.accessKeyId(), ENGINES.secretAccessKey()));

    @Test
    void dynamoDb_whenCalledThroughTheProxy_answersAsTheEngineAndCountsCapacity() throws Exception {
        try (var counting = RequestCounting.start(ENGINES);
             var dynamoDb = DynamoDbClient.builder().region(Region.of(ENGINES.region())).credentialsProvider(CREDENTIALS)
                     .httpClient(UrlConnectionHttpClient.create())
                     .endpointOverride(URI.create(counting.sdkEnvironment(ENGINES.sdkEnvironment()).get("AWS_ENDPOINT_URL_DYNAMODB")))
                     .build()) {
            var table = "counting-" + System.nanoTime();
            dynamoDb.createTable(request -> request.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            dynamoDb.putItem(request -> request.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))));

            var item = dynamoDb.getItem(request -> request.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))).item();
            var batch = dynamoDb.batchGetItem(request -> request.requestItems(Map.of(table, KeysAndAttributes.builder()
                    .keys(List.of(Map.of("pk", AttributeValue.fromS("a")), Map.of("pk", AttributeValue.fromS("missing")))).build())));

            assertThat(item).containsEntry("pk", AttributeValue.fromS("a"));
            assertThat(batch.responses().get(table)).hasSize(1);
            assertThat(counting.counts().snapshot())
                    .containsEntry("dynamodb.requests.CreateTable", 1.0)
                    .containsEntry("dynamodb.requests.PutItem", 1.0)
                    .containsEntry("dynamodb.writeUnits.PutItem", 1.0)
                    .containsEntry("dynamodb.readUnits.GetItem", 0.5)
                    .containsEntry("dynamodb.readUnits.BatchGetItem", 1.0)
                    .containsEntry("dynamodb.readUnitsForMissingKeys", 0.5);
        }
    }

    @Test
    void sqs_whenCalledThroughTheProxy_countsActionsMessagesAndEmptyReceives() throws Exception {
        try (var counting = RequestCounting.start(ENGINES);
             var sqs = SqsClient.builder().region(Region.of(ENGINES.region())).credentialsProvider(CREDENTIALS)
                     .httpClient(UrlConnectionHttpClient.create()).endpointOverride(counting.sqsUrl()).build()) {
            var queueUrl = sqs.createQueue(request -> request.queueName("counting-" + System.nanoTime())).queueUrl();
            sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(0));
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody("counted"));

            var received = sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(1)).messages();

            assertThat(received).extracting(message -> message.body()).containsExactly("counted");
            assertThat(counting.counts().snapshot())
                    .containsEntry("sqs.requests.SendMessage", 1.0)
                    .containsEntry("sqs.requests.ReceiveMessage", 2.0)
                    .containsEntry("sqs.emptyReceives", 1.0)
                    .containsEntry("sqs.messagesReceived", 1.0);
        }
    }

    @Test
    void sns_whenCounting_countsPublishesAndDeliveries() throws Exception {
        try (var counting = RequestCounting.start(ENGINES);
             var sns = SnsClient.builder().region(Region.of(ENGINES.region())).credentialsProvider(CREDENTIALS)
                     .httpClient(UrlConnectionHttpClient.create()).endpointOverride(ENGINES.snsUrl()).build()) {
            var topicArn = sns.createTopic(request -> request.name("counting-" + System.nanoTime())).topicArn();

            sns.publish(request -> request.topicArn(topicArn).message("counted"));

            assertThat(counting.counts().snapshot())
                    .containsEntry("sns.requests.CreateTopic", 1.0)
                    .containsEntry("sns.publishes.topic", 1.0);
        }
    }
}
