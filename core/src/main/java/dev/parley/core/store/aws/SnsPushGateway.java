package dev.parley.core.store.aws;

import dev.parley.core.store.PushGateway;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreatePlatformEndpointRequest;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** Push through SNS: the notifications topic, and platform endpoints under the configured platform applications. */
public final class SnsPushGateway implements PushGateway {

    /** SNS names the existing endpoint when a token is registered again with other attributes. */
    private static final Pattern EXISTING_ENDPOINT = Pattern.compile("Endpoint (arn:[^ ]+) already exists");

    private final SnsClient sns;
    private final String notificationsTopicArn;
    private final Map<String, String> platformApplications;

    /** {@code notificationsTopicArn} may be null for a gateway that only manages endpoints. */
    public SnsPushGateway(SnsClient sns, String notificationsTopicArn, Map<String, String> platformApplications) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.notificationsTopicArn = notificationsTopicArn;
        this.platformApplications = Map.copyOf(platformApplications);
    }

    @Override
    public void publishNotification(String message, Map<String, String> attributes) {
        if (notificationsTopicArn == null) {
            throw new IllegalStateException("no notifications topic configured");
        }
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

    @Override
    public String createEndpoint(String platformApplicationArn, String deviceToken, String userData) {
        try {
            return sns.createPlatformEndpoint(CreatePlatformEndpointRequest.builder()
                    .platformApplicationArn(platformApplicationArn).token(deviceToken).customUserData(userData).build()).endpointArn();
        } catch (InvalidParameterException e) {
            var existing = EXISTING_ENDPOINT.matcher(String.valueOf(e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage()));
            if (existing.find()) {
                // The token was registered before, perhaps for another user or since disabled: take it over.
                var arn = existing.group(1);
                sns.setEndpointAttributes(r -> r.endpointArn(arn).attributes(Map.of("Token", deviceToken, "Enabled", "true",
                        "CustomUserData", userData)));
                return arn;
            }
            throw e;
        }
    }

    @Override
    public Optional<String> platformApplication(String platform) {
        return Optional.ofNullable(platformApplications.get(platform));
    }
}
