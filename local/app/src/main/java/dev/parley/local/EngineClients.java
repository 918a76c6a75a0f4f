package dev.parley.local;

import dev.parley.http.SocketHttpClient;
import dev.parley.local.engines.Engines;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients on the engines' endpoints, with the engines' region and credentials: what Parley Local itself calls them with.
 * They send through Parley's own {@link SocketHttpClient}, as the functions do: the SDK's URLConnection client probes a
 * kept-alive connection with a read that must time out (1 ms, and an exception) before each {@code POST} it reuses,
 * which every SQS poll and delete of the event source mappings would pay.
 */
final class EngineClients {

    private static final Duration LONGEST_READ = Duration.ofSeconds(30);

    private final Engines engines;

    EngineClients(Engines engines) {
        this.engines = engines;
    }

    DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.builder(), engines.dynamoDbUrl());
    }

    SqsClient sqs() {
        return sqs(engines.sqsUrl());
    }

    /** An SQS client on another endpoint with the engine's API, such as a counting proxy in front of it. */
    SqsClient sqs(URI endpoint) {
        return client(SqsClient.builder(), endpoint);
    }

    SnsClient sns() {
        return client(SnsClient.builder(), engines.snsUrl());
    }

    S3Client s3() {
        return S3Client.builder().region(Region.of(engines.region())).endpointOverride(engines.s3Url()).forcePathStyle(true)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        // Reads wait longer than the pollers' longest long poll.
        var http = SocketHttpClient.builder().requestTimeout(LONGEST_READ).build();
        return builder.region(Region.of(engines.region())).endpointOverride(endpoint).credentialsProvider(credentials())
                .httpClient(http).build();
    }
}
