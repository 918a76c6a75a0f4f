package dev.parley.local.engines;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Named counters of the requests the engines and Parley Local serve, for the cost benchmark: cheap to update from
 * many threads, read as one snapshot, reset between phases. Names are dotted, service first:
 * {@code dynamodb.requests.PutItem}, {@code sns.publishes.topic}, {@code lambda.invocations.Fanout}.
 */
public final class RequestCounts {

    private final Map<String, DoubleAdder> counters = new ConcurrentHashMap<>();

    /** Adds one to a counter. */
    public void increment(String name) {
        add(name, 1);
    }

    /** Adds an amount (a count, capacity units or milliseconds) to a counter. */
    public void add(String name, double amount) {
        counters.computeIfAbsent(name, key -> new DoubleAdder()).add(amount);
    }

    /** Every counter that is not zero and its value, sorted by name. */
    public Map<String, Double> snapshot() {
        var values = new TreeMap<String, Double>();
        counters.forEach((name, value) -> {
            var sum = value.sum();
            if (sum != 0) {
                values.put(name, sum);
            }
        });
        return values;
    }

    /** Sets every counter back to zero. */
    public void reset() {
        counters.values().forEach(DoubleAdder::reset);
    }
}
