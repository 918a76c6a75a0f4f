package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.LocalAws;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnsPushGatewayIT {

    @Test
    void publishNotification_whenAttributesGiven_sendsThemAsStrings() {
        var aws = LocalAws.shared();
        var topicArn = aws.sns().createTopic(r -> r.name("notifications-" + UUID.randomUUID())).topicArn();
        var push = new SnsPushGateway(aws.sns(), topicArn);

        push.publishNotification("{\"title\":\"general\"}", Map.of("userId", "bob", "channelId", "c-1", "kind", "message"));

        assertThat(aws.engines().sns().published(topicArn)).singleElement().satisfies(published -> {
            assertThat(published.message()).isEqualTo("{\"title\":\"general\"}");
            assertThat(published.attributes()).isEqualTo(Map.of("userId", "bob", "channelId", "c-1", "kind", "message"));
        });
    }
}
