package dev.parley.infra;

import java.util.Map;
import software.constructs.Node;

/**
 * What a deployment chooses through CDK context ({@code cdk.json}, {@code -c key=value}). Without an issuer, audience
 * and JWKS URL the app creates a Cognito user pool and the authorizer trusts it.
 */
public record Settings(String stageName, String jwtIssuer, String jwtAudience, String jwksUrl, String pushPlatformApplications,
                       int messageRetentionDays) {

    public static final String STAGE_NAME = "stageName";
    public static final String JWT_ISSUER = "jwtIssuer";
    public static final String JWT_AUDIENCE = "jwtAudience";
    public static final String JWKS_URL = "jwksUrl";
    public static final String PUSH_PLATFORM_APPLICATIONS = "pushPlatformApplications";
    public static final String MESSAGE_RETENTION_DAYS = "messageRetentionDays";

    public Settings {
        stageName = stageName == null || stageName.isBlank() ? "prod" : stageName;
        pushPlatformApplications = pushPlatformApplications == null ? "" : pushPlatformApplications;
        var given = (jwtIssuer == null ? 0 : 1) + (jwtAudience == null ? 0 : 1) + (jwksUrl == null ? 0 : 1);
        if (given != 0 && given != 3) {
            throw new IllegalArgumentException("give all of " + JWT_ISSUER + ", " + JWT_AUDIENCE + " and " + JWKS_URL
                    + " as context, or none of them to create a Cognito user pool");
        }
        if (messageRetentionDays < 0) {
            throw new IllegalArgumentException(MESSAGE_RETENTION_DAYS + " must be 0 (keep forever) or a number of days");
        }
    }

    public boolean externalIdentity() {
        return jwtIssuer != null;
    }

    static Settings from(Node node) {
        return new Settings(text(node, STAGE_NAME), text(node, JWT_ISSUER), text(node, JWT_AUDIENCE), text(node, JWKS_URL),
                text(node, PUSH_PLATFORM_APPLICATIONS), number(node, MESSAGE_RETENTION_DAYS));
    }

    static Settings from(Map<String, Object> context) {
        return new Settings(text(context.get(STAGE_NAME)), text(context.get(JWT_ISSUER)), text(context.get(JWT_AUDIENCE)),
                text(context.get(JWKS_URL)), text(context.get(PUSH_PLATFORM_APPLICATIONS)),
                context.get(MESSAGE_RETENTION_DAYS) == null ? 0 : Integer.parseInt(context.get(MESSAGE_RETENTION_DAYS).toString()));
    }

    private static String text(Node node, String key) {
        return text(node.tryGetContext(key));
    }

    private static int number(Node node, String key) {
        var value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? 0 : Integer.parseInt(value.toString());
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
