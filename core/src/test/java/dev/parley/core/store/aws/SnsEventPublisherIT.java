package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.testing.LocalAws;
import dev.parley.local.engines.PublishedMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnsEventPublisherIT {

    @Test
    void publish_whenEvent_sendsTheEnvelopeWithItsTypeAttribute() {
        var aws = LocalAws.shared();
        var topicArn = aws.sns().createTopic(r -> r.name("events-" + UUID.randomUUID())).topicArn();
        var publisher = new SnsEventPublisher(aws.sns(), topicArn);
        var frame = Json.object().put("type", "message").put("channelId", "c-1").put("seq", 3);
        var event = new Event(UUID.randomUUID().toString(), Event.MESSAGE_POSTED, "c-1", "alice", 1_764_000_000_000L,
                List.of("bob"), frame);

        publisher.publish(event);

        assertThat(aws.engines().sns().published(topicArn)).singleElement().satisfies(published -> {
            assertThat(published.attributes()).isEqualTo(Map.of("type", "message.posted"));
            assertThat(Json.parseTrusted(published.message())).isEqualTo(event.toJson());
            assertThat(Event.fromJson(Json.parseTrusted(published.message()))).isEqualTo(event);
        });
    }

    @Test
    void publish_whenSeveralEvents_keepsEachType() {
        var aws = LocalAws.shared();
        var topicArn = aws.sns().createTopic(r -> r.name("events-" + UUID.randomUUID())).topicArn();
        var publisher = new SnsEventPublisher(aws.sns(), topicArn);

        publisher.publish(new Event("e1", Event.TYPING, "c-1", "alice", 1L, List.of(), Json.object().put("type", "typing")));
        publisher.publish(new Event("e2", Event.PRESENCE_CHANGED, null, "alice", 2L, List.of(),
                Json.object().put("type", "presence")));

        assertThat(aws.engines().sns().published(topicArn)).extracting(PublishedMessage::attributes)
                .containsExactly(Map.of("type", "typing"), Map.of("type", "presence.changed"));
    }
}
