package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

class EnginesIT {

    @Test
    void close_whenStarted_freesEveryPort() throws Exception {
        List<URI> urls;
        try (Engines engines = Engines.start(EngineOptions.ephemeral())) {
            urls = List.of(engines.dynamoDbUrl(), engines.sqsUrl(), engines.s3Url(), engines.snsUrl());
            assertThat(urls).allSatisfy(url -> assertThat(url.getHost()).isEqualTo("127.0.0.1"));
            assertThat(engines.sdkEnvironment())
                    .containsEntry("AWS_REGION", "us-east-1")
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", engines.dynamoDbUrl().toString())
                    .containsEntry("AWS_ENDPOINT_URL_SNS", engines.snsUrl().toString());
        }

        for (URI url : urls) {
            assertThat(bindable(url.getPort())).as(url.toString()).isTrue();
        }
    }

    @Test
    void start_whenDataDirectoryGiven_keepsTablesAndObjectsAcrossRestarts(@TempDir Path data) throws Exception {
        EngineOptions options = new EngineOptions(data, 0, 0, 0, 0);
        try (Engines engines = Engines.start(options);
             DynamoDbClient dynamoDb = TestClients.dynamoDb(engines);
             S3Client s3 = TestClients.s3(engines)) {
            dynamoDb.createTable(b -> b.tableName("Kept")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(b -> b.bucket("kept").key("a.txt"), RequestBody.fromString("a"));
        }

        try (Engines engines = Engines.start(options);
             DynamoDbClient dynamoDb = TestClients.dynamoDb(engines);
             S3Client s3 = TestClients.s3(engines)) {
            assertThat(dynamoDb.listTables().tableNames()).contains("Kept");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key("a.txt")).asUtf8String()).isEqualTo("a");
        }
        assertThat(Files.isDirectory(data.resolve("dynamodb"))).isTrue();
        assertThat(Files.isDirectory(data.resolve("s3"))).isTrue();
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
