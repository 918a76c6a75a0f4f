package dev.parley.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.Environment;
import dev.parley.core.config.TableNames;
import dev.parley.core.priming.RehearsalWorld;
import dev.parley.core.store.ConnectionNotifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionRehearsalTest {

    /** Endpoints where nothing listens: an adapter that reached one would fail instead of answering. */
    private static final Environment ENVIRONMENT = Environment.of(Map.of("AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9", TableNames.CHANNELS_TABLE, "channels", TableNames.MEMBERS_TABLE, "members"));

    @Test
    void rehearsal_whenItsAdaptersAreAsked_answersFromTheWorldWithoutReachingAnEndpoint() {
        try (var production = Production.rehearsal(ENVIRONMENT)) {
            var members = production.members("members");
            var channels = production.channels("channels", "members");

            assertThat(members.find(RehearsalWorld.CHANNEL_ID, RehearsalWorld.USER_ID)).hasValueSatisfying(
                    member -> assertThat(member.role()).isEqualTo("owner"));
            assertThat(channels.find(RehearsalWorld.CHANNEL_ID)).hasValueSatisfying(
                    channel -> assertThat(channel.createdBy()).isEqualTo(RehearsalWorld.USER_ID));
        }
    }

    @Test
    void rehearsal_whenItsNotifierPosts_answersForTheWorldsConnectionWithoutReachingTheEndpoint() {
        try (var production = Production.rehearsal(ENVIRONMENT)) {
            var notifier = production.notifier("http://127.0.0.1:9/live");
            var frame = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

            assertThat(notifier.post(RehearsalWorld.CONNECTION_ID, frame)).isEqualTo(ConnectionNotifier.Delivery.DELIVERED);
            assertThat(notifier.post("another-connection", frame)).isEqualTo(ConnectionNotifier.Delivery.GONE);
            assertThat(notifier.isConnected(RehearsalWorld.CONNECTION_ID)).isTrue();
        }
    }
}
