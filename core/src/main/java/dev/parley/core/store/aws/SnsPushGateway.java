package dev.parley.core.store.aws;

import dev.parley.core.store.PushGateway;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** Push through SNS: the notifications topic, and direct publishes to platform endpoints. */
public final class SnsPushGateway implements PushGateway {

    private final SnsClient sns;
    private final String notificationsTopicArn;

    public SnsPushGateway(SnsClient sns, String notificationsTopicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.notificationsTopicArn = Objects.requireNonNull(notificationsTopicArn, "notificationsTopicArn");
    }

    @Override
    public void publishNotification(String message, Map<String, String> attributes) {
        var values = new HashMap<String, MessageAttributeValue>();
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        sns.publish(PublishRequest.builder().topicArn(notificationsTopicArn).message(message).messageAttributes(values).build());
    }

    @Override
    public boolean publishToEndpoint(String endpointArn, String platformMessageJson) {
        try {
            sns.publish(PublishRequest.builder().targetArn(endpointArn).messageStructure("json").message(platformMessageJson).build());
            return true;
        } catch (EndpointDisabledException | NotFoundException e) {
            return false;
        }
    }
}
