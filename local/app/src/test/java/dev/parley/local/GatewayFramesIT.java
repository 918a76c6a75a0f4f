package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Messages above one WebSocket frame: split into frames of at most 32 KB up to 128 KB, refused visibly above. */
class GatewayFramesIT {

    private static final int FRAME_LIMIT = 32 * 1024;
    private static ParleyLocal local;

    @BeforeAll
    static void start() throws Exception {
        local = RunningLocal.get();
        RunningLocal.awaitHandshakes(local);
    }

    private static String channelWithLongMessages(ChatClient sender, int count) throws Exception {
        var created = sender.call("createChannel", "name", "long", "kind", "group", "members", List.of());
        var channelId = created.get("channel").get("channelId").asText();
        var text = "x".repeat(3_900);
        for (int i = 1; i <= count; i++) {
            var ack = sender.call("sendMessage", "channelId", channelId, "clientMsgId", "long-" + i, "text", text);
            assertThat(ack.path("type").asText()).as(ack.toString()).isEqualTo("ack");
        }
        return channelId;
    }

    @Test
    void getHistory_whenTheResponseExceedsOneFrame_arrivesInFramesOfAtMost32Kilobytes() throws Exception {
        var user = "frames-" + UUID.randomUUID().toString().substring(0, 8);
        try (var sender = ChatClient.connect(local.endpoints(), user)) {
            var channelId = channelWithLongMessages(sender, 10);
            var uri = URI.create(local.endpoints().websocketUrl() + "?token=" + ChatClient.token(local.endpoints(), user));
            try (var raw = RawWebSocket.connect(uri)) {
                raw.sendSingleFrame("{\"action\":\"getHistory\",\"requestId\":\"h1\",\"channelId\":\"" + channelId + "\",\"limit\":10}");
                var message = raw.awaitTextMessage();

                assertThat(message.frameSizes()).hasSizeGreaterThan(1)
                        .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(FRAME_LIMIT));
                var history = ChatClient.MAPPER.readTree(message.text());
                assertThat(history.path("requestId").asText()).isEqualTo("h1");
                assertThat(history.path("messages")).hasSize(10);
            }
            var history = sender.call("getHistory", "channelId", channelId, "limit", 10);
            assertThat(history.path("messages")).extracting(m -> m.path("text").asText().length()).containsOnly(3_900);
        }
    }

    @Test
    void route_whenAHistoryPageWouldExceed128Kilobytes_answersAShorterPageInSeveralFrames() throws Exception {
        var user = "toolarge-" + UUID.randomUUID().toString().substring(0, 8);
        try (var sender = ChatClient.connect(local.endpoints(), user)) {
            var channelId = channelWithLongMessages(sender, 40);

            sender.send(ChatClient.MAPPER.writeValueAsString(ChatClient.frame("getHistory", "channelId", channelId, "limit", 40,
                    "requestId", "big")));
            JsonNode answer = sender.await(frame -> frame.has("message") && !frame.has("type")
                    || "big".equals(frame.path("requestId").asText()), Duration.ofSeconds(30));

            assertThat(answer.path("type").asText()).isEqualTo("history");
            assertThat(answer.path("hasMore").asBoolean()).isTrue();
            assertThat(answer.path("messages").size()).isBetween(1, 39);
        }
    }

    @Test
    void postToConnection_whenAbove32KilobytesIsDeliveredAndAbove128KilobytesIsRefusedWith413() throws Exception {
        var engines = local.engines();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
        var user = "post-" + UUID.randomUUID().toString().substring(0, 8);
        try (var client = ChatClient.connect(local.endpoints(), user);
             var dynamoDb = DynamoDbClient.builder().endpointOverride(engines.dynamoDbUrl()).region(Region.of(engines.region()))
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             var management = ApiGatewayManagementApiClient.builder().endpointOverride(URI.create(local.endpoints().connectionsUrl()))
                     .region(Region.of(engines.region())).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            var table = dynamoDb.listTables().tableNames().stream().filter(name -> name.contains("-Connections")).findFirst().orElseThrow();
            var connectionId = dynamoDb.query(r -> r.tableName(table).indexName("byUser").keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user)))).items().getFirst().get("connectionId").s();
            var large = "{\"type\":\"large\",\"data\":\"" + "y".repeat(100 * 1024) + "\"}";
            var tooLarge = "{\"type\":\"tooLarge\",\"data\":\"" + "z".repeat(128 * 1024) + "\"}";

            management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(large)));
            var received = client.awaitEvent("large", frame -> true);
            assertThat(received.path("data").asText()).hasSize(100 * 1024);
            assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId(connectionId)
                    .data(SdkBytes.fromUtf8String(tooLarge)))).isInstanceOf(PayloadTooLargeException.class)
                    .satisfies(e -> assertThat(((PayloadTooLargeException) e).statusCode()).isEqualTo(413));
            assertThat(client.isOpen()).isTrue();
        }
    }
}
