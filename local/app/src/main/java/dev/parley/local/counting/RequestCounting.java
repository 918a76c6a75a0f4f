package dev.parley.local.counting;

import dev.parley.local.engines.Engines;
import dev.parley.local.engines.RequestCounts;
import dev.parley.local.faults.Faults;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxies in front of the engines. Request counting, on with {@code ./parley local --count-requests}: what a
 * deployed stack would be billed for, counted where Parley Local serves it. DynamoDB Local and ElasticMQ get a
 * counting proxy in front of them, which the functions and the SQS pollers use instead of the engines themselves;
 * Parley's SNS, the function pools and the gateway count into the same {@link RequestCounts}. The counters are
 * served as JSON on the gateway port ({@code GET /dev/counters}, {@code POST /dev/counters/reset}). Fault injection,
 * on with {@code --faults}, uses the same proxies (and one in front of SNS) to fail requests. With neither, nothing
 * of this runs.
 */
public final class RequestCounting implements AutoCloseable {

    private final Engines engines;
    private final boolean counting;
    private final RequestCounts counts = new RequestCounts();
    private final List<CountingProxy> proxies = new ArrayList<>();
    private final CountingProxy dynamoDb;
    private final CountingProxy sqs;
    private final CountingProxy sns;

    private RequestCounting(Engines engines, boolean counting, Faults faults) throws IOException {
        this.engines = engines;
        this.counting = counting;
        try {
            dynamoDb = proxy("dynamodb", engines.dynamoDbUrl(), counting ? new DynamoDbMeter(counts) : CountingProxy.NOTHING,
                    faults == null ? null : EngineFaults.dynamoDb(faults));
            sqs = proxy("sqs", engines.sqsUrl(), counting ? new SqsMeter(counts) : CountingProxy.NOTHING, null);
            // SNS counts in the engine; its proxy only injects faults.
            sns = faults == null ? null : proxy("sns", engines.snsUrl(), CountingProxy.NOTHING, EngineFaults.sns(faults));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (counting) {
            engines.sns().setCounts(counts);
        }
    }

    private CountingProxy proxy(String service, URI target, CountingProxy.Meter meter, CountingProxy.Injector injector)
            throws IOException {
        var proxy = new CountingProxy(service, target, counts, meter, injector);
        proxies.add(proxy);
        return proxy;
    }

    /** Starts the counting proxies and makes SNS count. */
    public static RequestCounting start(Engines engines) throws IOException {
        return start(engines, true, null);
    }

    /** Starts the proxies; {@code counting} makes them and SNS count, {@code faults} (or {@code null}) makes them fail requests. */
    public static RequestCounting start(Engines engines, boolean counting, Faults faults) throws IOException {
        return new RequestCounting(engines, counting, faults);
    }

    public RequestCounts counts() {
        return counts;
    }

    /** Where SQS clients go to be counted: the functions and the event source mappings. */
    public URI sqsUrl() {
        return sqs.url();
    }

    /** Ports of the SNS proxy for single function instances (see {@link Faults.InstanceEndpoints}), or {@code null}. */
    public Faults.InstanceEndpoints snsInstanceEndpoints() {
        if (sns == null) {
            return null;
        }
        return new Faults.InstanceEndpoints() {
            @Override
            public URI open(String instance) {
                return sns.openInstance(instance);
            }

            @Override
            public void close(String instance) {
                sns.closeInstance(instance);
            }
        };
    }

    /** The engines' SDK environment with DynamoDB, SQS and (when it has a proxy) SNS pointed at the proxies. */
    public Map<String, String> sdkEnvironment(Map<String, String> engineEnvironment) {
        var environment = new LinkedHashMap<>(engineEnvironment);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.url().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.url().toString());
        if (sns != null) {
            environment.put("AWS_ENDPOINT_URL_SNS", sns.url().toString());
        }
        return environment;
    }

    @Override
    public void close() {
        if (counting) {
            engines.sns().setCounts(null);
        }
        for (int i = proxies.size() - 1; i >= 0; i--) {
            proxies.get(i).close();
        }
    }
}
