package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.local.faults.Faults;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stale-connection sweep as the template schedules it (every five minutes), run by Parley Local's schedules sixty
 * times as fast: a connection whose {@code $disconnect} never came is found, removed, and its user seen offline.
 */
class SweepIT {

    private static final int SCHEDULE_SPEED = 60;

    private static ParleyLocal local;

    @BeforeAll
    static void start() throws Exception {
        // Its own Parley Local: the shared one keeps the template's pace, which other tests' counts rely on. And its own
        // work directory: its template names its own token issuer, and synthesizing it where the shared one keeps its
        // template would replace the function jars that one still loads instances from.
        local = ParleyLocal.start(ParleyLocal.Options.defaults(RunningLocal.repositoryRoot()).withPort(0)
                .withWorkDirectory(Files.createTempDirectory("parley-sweep-it")).withFaults(Faults.Spec.none(1))
                .withScheduleSpeed(SCHEDULE_SPEED));
        RunningLocal.awaitHandshakes(local);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void sweep_whenADisconnectIsLost_removesTheConnectionAndWatchersSeeTheUserOffline() throws Exception {
        var alice = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        var bob = "bob-" + UUID.randomUUID().toString().substring(0, 6);
        var engines = local.engines();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
        try (var dynamoDb = DynamoDbClient.builder().endpointOverride(engines.dynamoDbUrl()).region(Region.of(engines.region()))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             var watcher = ChatClient.connect(local.endpoints(), bob)) {
            var connections = dynamoDb.listTables().tableNames().stream().filter(name -> name.contains("-Connections")).findFirst()
                    .orElseThrow();
            var lost = ChatClient.connect(local.endpoints(), alice);
            lost.call("createChannel", "name", "sweep", "kind", "group", "members", List.of(bob));
            var snapshot = watcher.call("subscribePresence", "userIds", List.of(alice));
            assertThat(snapshot.path("users").get(0).path("status").asText()).isEqualTo("online");

            local.faults().set(Faults.Spec.parse("disconnect.lost=1"));
            lost.close();
            lost.closed.get(10, TimeUnit.SECONDS);
            while (local.faults().injected(Faults.Point.DISCONNECT_LOST) == 0) {
                Thread.sleep(20);
            }
            local.faults().set(Faults.Spec.none(1));

            // Nothing but the sweep can tell the watcher now: $disconnect never ran.
            var offline = watcher.await(frame -> "presence".equals(frame.path("type").asText())
                    && alice.equals(frame.path("userId").asText()) && "offline".equals(frame.path("status").asText()),
                    Duration.ofMinutes(5).dividedBy(SCHEDULE_SPEED).multipliedBy(6));
            assertThat(offline.path("lastSeenAt").isNull()).isFalse();
            assertThat(dynamoDb.query(r -> r.tableName(connections).indexName("byUser").keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(alice)))).items()).isEmpty();
        }
    }
}
