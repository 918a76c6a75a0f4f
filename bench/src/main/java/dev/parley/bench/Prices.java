package dev.parley.bench;

/**
 * AWS list prices in us-east-1, on demand, first pricing tier, free tiers left out, in dollars per unit. Taken from
 * the AWS pricing pages of each service; list prices as of {@value #AS_OF}. Change them here when AWS does.
 */
final class Prices {

    static final String AS_OF = "December 2026";

    /** DynamoDB on-demand, Standard table class: $0.625 per million write request units. */
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
    /** DynamoDB on-demand, Standard table class: $0.125 per million read request units. */
    static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;
    /** Lambda: $0.20 per million requests. */
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    /** Lambda on arm64 (the template's architecture): $0.0000133334 per GB-second. */
    static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    /** SQS standard queues: $0.40 per million requests (each 64 KB of payload is a request). */
    static final double SQS_REQUEST = 0.40 / 1e6;
    /** SNS standard topics: $0.50 per million publishes (each 64 KB is a publish); deliveries to SQS and Lambda are free. */
    static final double SNS_PUBLISH = 0.50 / 1e6;
    /** SNS mobile push: $0.50 per million notifications delivered, on top of the publish. */
    static final double SNS_MOBILE_PUSH = 0.50 / 1e6;
    /** API Gateway WebSocket: $1.00 per million messages, sent or received, in 32 KB increments. */
    static final double API_GATEWAY_MESSAGE = 1.00 / 1e6;
    /** API Gateway WebSocket: $0.25 per million connection-minutes; a cost of staying connected, not of a message. */
    static final double API_GATEWAY_CONNECTION_MINUTE = 0.25 / 1e6;

    private Prices() {
    }
}
