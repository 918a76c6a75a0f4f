package dev.parley.local.engines;

import java.nio.file.Path;

/**
 * How to start the engines.
 *
 * @param dataDirectory where DynamoDB Local and S3 keep their data ({@code dynamodb/}, {@code s3/}); {@code null} keeps
 *                      everything in memory
 * @param dynamoDbPort  loopback port of DynamoDB Local, 0 for any free port
 * @param sqsPort       loopback port of ElasticMQ, 0 for any free port
 * @param s3Port        loopback port of S3, 0 for any free port
 * @param snsPort       loopback port of SNS, 0 for any free port
 */
public record EngineOptions(Path dataDirectory, int dynamoDbPort, int sqsPort, int s3Port, int snsPort) {

    public EngineOptions {
        requirePort("dynamoDbPort", dynamoDbPort);
        requirePort("sqsPort", sqsPort);
        requirePort("s3Port", s3Port);
        requirePort("snsPort", snsPort);
    }

    /** In memory, on free ports: what tests want. */
    public static EngineOptions ephemeral() {
        return new EngineOptions(null, 0, 0, 0, 0);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535: " + port);
        }
    }
}
