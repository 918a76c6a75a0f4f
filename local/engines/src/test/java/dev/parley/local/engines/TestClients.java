package dev.parley.local.engines;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real SDK v2 clients pointed at the engines, as a function would build them. */
final class TestClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder().build();

    private TestClients() {
    }

    static StaticCredentialsProvider credentials(Engines engines) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
    }

    static DynamoDbClient dynamoDb(Engines engines) {
        return DynamoDbClient.builder().httpClient(HTTP).region(Region.of(engines.region())).credentialsProvider(credentials(engines))
                .endpointOverride(engines.dynamoDbUrl())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static SqsClient sqs(Engines engines) {
        return SqsClient.builder().httpClient(HTTP).region(Region.of(engines.region())).credentialsProvider(credentials(engines))
                .endpointOverride(engines.sqsUrl())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static SnsClient sns(Engines engines) {
        return SnsClient.builder().httpClient(HTTP).region(Region.of(engines.region())).credentialsProvider(credentials(engines))
                .endpointOverride(engines.snsUrl())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static S3Client s3(Engines engines) {
        return S3Client.builder().httpClient(HTTP).region(Region.of(engines.region())).credentialsProvider(credentials(engines))
                .endpointOverride(engines.s3Url())
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static S3Presigner presigner(Engines engines) {
        return S3Presigner.builder().region(Region.of(engines.region())).credentialsProvider(credentials(engines))
                .endpointOverride(engines.s3Url())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
