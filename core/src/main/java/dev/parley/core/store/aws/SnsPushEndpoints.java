package dev.parley.core.store.aws;

import dev.parley.core.store.PushEndpoints;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreatePlatformEndpointRequest;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;

/** SNS platform endpoints under the configured platform applications (platform name to application ARN). */
public final class SnsPushEndpoints implements PushEndpoints {

    /** SNS names the existing endpoint when a token is registered again with other attributes. */
    private static final Pattern EXISTING_ENDPOINT = Pattern.compile("Endpoint (arn:[^ ]+) already exists");

    private final SnsClient sns;
    private final Map<String, String> platformApplications;

    public SnsPushEndpoints(SnsClient sns, Map<String, String> platformApplications) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.platformApplications = Map.copyOf(platformApplications);
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
