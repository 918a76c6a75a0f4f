package dev.parley.core.testing;

import dev.parley.local.engines.Engines;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients pointed at the engines of this JVM ({@link Engines#shared()}), built as a function builds them: the
 * URLConnection HTTP client, static credentials, explicit timeouts. One instance shares its clients; they live as long as
 * the JVM.
 */
public final class LocalAws {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static LocalAws shared;

    private final Engines engines;
    private final SdkHttpClient http;
    private final StaticCredentialsProvider credentials;
    private final Region region;
    private DynamoDbClient dynamoDb;
    private DynamoDbEnhancedClient enhanced;
    private SqsClient sqs;
    private SnsClient sns;
    private S3Client s3;
    private S3Presigner presigner;

    private LocalAws(Engines engines) {
        this.engines = engines;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
        this.region = Region.of(engines.region());
    }

    /** The clients of the shared engines, started on first use. */
    public static synchronized LocalAws shared() {
        if (shared == null) {
            shared = new LocalAws(Engines.shared());
        }
        return shared;
    }

    public Engines engines() {
        return engines;
    }

    public Region region() {
        return region;
    }

    public StaticCredentialsProvider credentials() {
        return credentials;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                    .endpointOverride(engines.dynamoDbUrl()).overrideConfiguration(timeouts()).build();
        }
        return dynamoDb;
    }

    public synchronized DynamoDbEnhancedClient enhanced() {
        if (enhanced == null) {
            enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).build();
        }
        return enhanced;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                    .endpointOverride(engines.sqsUrl()).overrideConfiguration(timeouts()).build();
        }
        return sqs;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = SnsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                    .endpointOverride(engines.snsUrl()).overrideConfiguration(timeouts()).build();
        }
        return sns;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                    .endpointOverride(engines.s3Url()).forcePathStyle(true).overrideConfiguration(timeouts()).build();
        }
        return s3;
    }

    public synchronized S3Presigner s3Presigner() {
        if (presigner == null) {
            presigner = S3Presigner.builder().region(region).credentialsProvider(credentials).endpointOverride(engines.s3Url())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        }
        return presigner;
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
    }
}
