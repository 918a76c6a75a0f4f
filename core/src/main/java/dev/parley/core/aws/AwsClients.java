package dev.parley.core.aws;

import dev.parley.core.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients once per execution environment: one {@link JdkHttpClient} shared by all of them,
 * so that they share its pooled connections too, explicit timeouts, region and credentials from the
 * environment, and the endpoint from the SDK's standard {@code AWS_ENDPOINT_URL_<SERVICE>} /
 * {@code AWS_ENDPOINT_URL} variables when present. The S3 presigner only signs and never sends, so it has
 * no HTTP client.
 *
 * <p>Everything is read from the function's {@link Environment}, so that a host running several functions in one
 * JVM can give each its own; on Lambda that is the process environment.
 */
public final class AwsClients {

    public static final String S3_FORCE_PATH_STYLE = "S3_FORCE_PATH_STYLE";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final Environment environment;

    private AwsClients(Region region, AwsCredentialsProvider credentials, SdkHttpClient httpClient, Environment environment) {
        this.region = region;
        this.credentials = credentials;
        this.httpClient = httpClient;
        this.environment = environment;
    }

    public static AwsClients create() {
        return create(Environment.system());
    }

    public static AwsClients create(Environment environment) {
        var regionName = environment.get("AWS_REGION");
        if (regionName == null || regionName.isBlank()) {
            regionName = environment.get("AWS_DEFAULT_REGION");
        }
        var region = Region.of(regionName == null || regionName.isBlank() ? "us-east-1" : regionName.trim());
        var httpClient = JdkHttpClient.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        return new AwsClients(region, credentialsFrom(environment), httpClient, environment);
    }

    private static AwsCredentialsProvider credentialsFrom(Environment environment) {
        var accessKey = environment.get("AWS_ACCESS_KEY_ID");
        var secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey == null || secretKey == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        var sessionToken = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(sessionToken == null || sessionToken.isBlank()
                ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
    }

    /** The credentials every client signs with, for requests signed outside an SDK client. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Region region() {
        return region;
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    public SnsClient sns() {
        return configure(SnsClient.builder(), "SNS").build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS").build();
    }

    public S3Client s3() {
        return configure(S3Client.builder(), "S3").serviceConfiguration(s3Configuration()).build();
    }

    public S3Presigner s3Presigner() {
        var builder = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Configuration());
        var endpoint = endpointFor(environment, "S3");
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private S3Configuration s3Configuration() {
        return S3Configuration.builder()
                .pathStyleAccessEnabled(Boolean.parseBoolean(environment.get(S3_FORCE_PATH_STYLE)))
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region).credentialsProvider(credentials).overrideConfiguration(timeouts());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        var endpoint = endpointFor(environment, service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    static URI endpointFor(Environment environment, String service) {
        var specific = environment.get("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT));
        if (specific != null && !specific.isBlank()) {
            return URI.create(specific.trim());
        }
        var general = environment.get("AWS_ENDPOINT_URL");
        return general == null || general.isBlank() ? null : URI.create(general.trim());
    }
}
