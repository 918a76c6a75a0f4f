package dev.parley.local;

import dev.parley.local.engines.Engines;
import java.net.URI;
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

/** SDK clients on the engines' endpoints, with the engines' region and credentials: what Parley Local itself calls them with. */
final class EngineClients {

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
        return builder.region(Region.of(engines.region())).endpointOverride(endpoint).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
