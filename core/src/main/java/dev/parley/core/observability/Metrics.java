package dev.parley.core.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.logging.Rehearsing;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CloudWatch Embedded Metric Format: metrics written as one structured log line per invocation, so
 * recording them costs no API call. Not thread-safe: one instance per invocation.
 */
public final class Metrics {

    public static final String NAMESPACE = "Parley";

    public enum Unit { Count, Milliseconds }

    private record Value(double amount, Unit unit) {
    }

    private final String function;
    private final PrintStream out;
    private final Map<String, Value> values = new LinkedHashMap<>();

    private Metrics(String function, PrintStream out) {
        this.function = Objects.requireNonNull(function, "function");
        this.out = out;
    }

    public static Metrics forFunction(String function) {
        return new Metrics(function, System.out);
    }

    public synchronized Metrics count(String name, double amount) {
        values.merge(name, new Value(amount, Unit.Count), (a, b) -> new Value(a.amount() + b.amount(), Unit.Count));
        return this;
    }

    public synchronized Metrics milliseconds(String name, double amount) {
        values.put(name, new Value(amount, Unit.Milliseconds));
        return this;
    }

    /** Writes the collected values, if any, and forgets them. */
    public synchronized void flush() {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode line = Json.object();
        var directive = line.putObject("_aws");
        directive.put("Timestamp", System.currentTimeMillis());
        var metricSet = directive.putArray("CloudWatchMetrics").addObject();
        metricSet.put("Namespace", NAMESPACE);
        metricSet.putArray("Dimensions").addArray().add("function");
        var definitions = metricSet.putArray("Metrics");
        line.put("function", function);
        values.forEach((name, value) -> {
            definitions.addObject().put("Name", name).put("Unit", value.unit().name());
            line.put(name, value.amount());
        });
        values.clear();
        var text = Json.write(line);
        if (Rehearsing.underWay()) {
            // A rehearsal's invocation is not one of the function's: written, it would be counted as one.
            return;
        }
        synchronized (out) {
            out.println(text);
        }
    }
}
