package dev.parley.local.counting;

import dev.parley.local.engines.Engines;
import dev.parley.local.engines.RequestCounts;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request counting, on with {@code ./parley local --count-requests}: what a deployed stack would be billed for,
 * counted where Parley Local serves it. DynamoDB Local and ElasticMQ get a counting proxy in front of them, which
 * the functions and the SQS pollers use instead of the engines themselves; Parley's SNS, the function pools and the
 * gateway count into the same {@link RequestCounts}. The counters are served as JSON on the gateway port
 * ({@code GET /dev/counters}, {@code POST /dev/counters/reset}). Off, nothing of this runs.
 */
public final class RequestCounting implements AutoCloseable {

    private final Engines engines;
    private final RequestCounts counts = new RequestCounts();
    private final CountingProxy dynamoDb;
    private final CountingProxy sqs;

    private RequestCounting(Engines engines) throws IOException {
        this.engines = engines;
        dynamoDb = new CountingProxy("dynamodb", engines.dynamoDbUrl(), counts, new DynamoDbMeter(counts));
        try {
            sqs = new CountingProxy("sqs", engines.sqsUrl(), counts, new SqsMeter(counts));
        } catch (IOException | RuntimeException e) {
            dynamoDb.close();
            throw e;
        }
        engines.sns().setCounts(counts);
    }

    /** Starts the proxies and makes SNS count. */
    public static RequestCounting start(Engines engines) throws IOException {
        return new RequestCounting(engines);
    }

    public RequestCounts counts() {
        return counts;
    }

    /** Where SQS clients go to be counted: the functions and the event source mappings. */
    public URI sqsUrl() {
        return sqs.url();
    }

    /** The engines' SDK environment with DynamoDB and SQS pointed at the counting proxies. */
    public Map<String, String> sdkEnvironment(Map<String, String> engineEnvironment) {
        var environment = new LinkedHashMap<>(engineEnvironment);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.url().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.url().toString());
        return environment;
    }

    @Override
    public void close() {
        engines.sns().setCounts(null);
        sqs.close();
        dynamoDb.close();
    }
}
