package dev.parley.local;

/** Where Parley Local answers; written to {@code .parley/local.json} for scripts. */
public record Endpoints(String websocketUrl, String connectionsUrl, String tokenUrl, String webUrl, String dynamodbUrl, String sqsUrl,
                        String snsUrl, String s3Url, String region) {
}
