package dev.parley.core.aws;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.http.SocketHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients once per execution environment, with everything a client would otherwise look for given
 * explicitly, so that building one is cheap and loads no provider chain: the region ({@code AWS_REGION}, which Lambda
 * always sets), the credentials provider, one {@link SocketHttpClient} shared by all clients (and so its pooled
 * connections), explicit timeouts, and the endpoint of the SDK's standard {@code AWS_ENDPOINT_URL_<SERVICE>} /
 * {@code AWS_ENDPOINT_URL} variables when one is set.
 *
 * <p>Credentials: the access keys of the environment when it has them (Lambda without SnapStart, Parley Local);
 * otherwise the container credentials Lambda gives a SnapStart function ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}),
 * which the SDK refreshes as they expire, so a snapshot restored hours later still signs with valid ones.
 *
 * <p>S3 needs no path-style setting: the SDK's own endpoint rules address buckets path-style when the endpoint is an IP
 * address, as Parley Local's is ({@code http://127.0.0.1:port}); on AWS they are virtual-hosted.
 *
 * <p>Settings are read from the function's {@link Environment} rather than by the SDK itself, because the SDK reads
 * only the process environment, and a host running several functions in one JVM gives each its own; on Lambda that is
 * the process environment.
 */
public final class AwsClients implements AutoCloseable {

    static final String REGION = "AWS_REGION";
    static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

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
        var region = Region.of(new EnvironmentReader(environment).require(REGION));
        var httpClient = SocketHttpClient.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        return new AwsClients(region, credentialsFrom(environment), httpClient, environment);
    }

    /**
     * Clients configured by {@code environment} that send every request through {@code httpClient} and sign with fixed
     * credentials, which need no request of their own: for a rehearsal, whose HTTP client answers in the JVM.
     */
    public static AwsClients rehearsal(Environment environment, SdkHttpClient httpClient) {
        var region = Region.of(new EnvironmentReader(environment).require(REGION));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "rehearsal"));
        return new AwsClients(region, credentials, Objects.requireNonNull(httpClient, "httpClient"), environment);
    }

    private static AwsCredentialsProvider credentialsFrom(Environment environment) {
        var accessKey = environment.get("AWS_ACCESS_KEY_ID");
        var secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            return ContainerCredentialsProvider.builder().build();
        }
        var sessionToken = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(sessionToken == null || sessionToken.isBlank()
                ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
    }

    /** Closes the HTTP client the SDK clients share; the SDK clients are closed by whoever asked for them. */
    @Override
    public void close() {
        httpClient.close();
    }

    /** Closes the connections the clients keep between requests, as before a SnapStart snapshot. */
    public void closeIdleConnections() {
        if (httpClient instanceof SocketHttpClient pooled) {
            pooled.closeIdleConnections();
        }
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
        return configure(S3Client.builder(), "S3").build();
    }

    /** Signs only, never sends: no HTTP client. */
    public S3Presigner s3Presigner() {
        var builder = S3Presigner.builder().region(region).credentialsProvider(credentials);
        var endpoint = endpointFor(environment, "S3");
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region).credentialsProvider(credentials).httpClient(httpClient).overrideConfiguration(timeouts());
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

    /** The SDK's standard variables: the service's own first, then the one for every service. */
    static URI endpointFor(Environment environment, String service) {
        var specific = environment.get(ENDPOINT_URL + "_" + service.toUpperCase(Locale.ROOT));
        if (specific != null && !specific.isBlank()) {
            return URI.create(specific.trim());
        }
        var general = environment.get(ENDPOINT_URL);
        return general == null || general.isBlank() ? null : URI.create(general.trim());
    }
}
