package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@code @connections} management API, driven by the AWS SDK's own client. */
class ConnectionsApiIT {

    @Test
    void connectionsApi_whenDrivenByTheSdk_postsGetsDeletesAndAnswersGone() throws Exception {
        var local = RunningLocal.get();
        var engines = local.engines();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
        var user = "sdk-" + System.nanoTime();
        try (var client = ChatClient.connect(local.endpoints(), user);
             var dynamoDb = DynamoDbClient.builder().endpointOverride(engines.dynamoDbUrl()).region(Region.of(engines.region()))
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             var management = ApiGatewayManagementApiClient.builder().endpointOverride(URI.create(local.endpoints().connectionsUrl()))
                     .region(Region.of(engines.region())).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            var table = dynamoDb.listTables().tableNames().stream().filter(name -> name.contains("-Connections")).findFirst().orElseThrow();
            var connectionId = dynamoDb.query(r -> r.tableName(table).indexName("byUser").keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user)))).items().getFirst().get("connectionId").s();

            management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String("{\"type\":\"hello\"}")));
            client.awaitEvent("hello", frame -> true);
            var info = management.getConnection(r -> r.connectionId(connectionId));
            assertThat(info.connectedAt()).isNotNull();
            assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
            management.deleteConnection(r -> r.connectionId(connectionId));
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);

            assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId(connectionId)
                    .data(SdkBytes.fromUtf8String("{}")))).isInstanceOf(GoneException.class);
            Thread.sleep(Duration.ofSeconds(1));
            assertThat(dynamoDb.getItem(r -> r.tableName(table).key(Map.of("connectionId", AttributeValue.fromS(connectionId))))
                    .item()).isEmpty();
        }
    }
}
