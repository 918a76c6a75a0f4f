package dev.parley.core.store.aws;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.store.EventPublisher;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** Publishes envelopes to the events topic, with the {@code type} attribute that subscription filters match. */
public final class SnsEventPublisher implements EventPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public SnsEventPublisher(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void publish(Event event) {
        sns.publish(PublishRequest.builder()
                .topicArn(topicArn)
                .message(Json.write(event.toJson()))
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build()))
                .build());
    }
}
