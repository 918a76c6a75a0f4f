package dev.parley.local.faults;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection, on with {@code ./parley local --faults SPEC}: each {@link Point} fails at its rate. Whether the
 * n-th call at a point fails is a function of the seed, the point and n alone, so a run with the same seed meets the
 * same sequence of faults at every point (which request is the n-th depends on how concurrent calls arrive).
 */
public final class Faults {

    /** Where a fault can be injected; {@link #key()} is its name in a spec. */
    public enum Point {
        /** A DynamoDB request answered 400 {@code ProvisionedThroughputExceededException} or {@code ThrottlingException}. */
        DYNAMODB_THROTTLE("dynamodb.throttle"),
        /** A DynamoDB request answered 500 {@code InternalServerError}, half of the time after DynamoDB carried it out. */
        DYNAMODB_5XX("dynamodb.5xx"),
        /** A {@code TransactWriteItems} answered 400 {@code TransactionCanceledException} (a conflicting transaction). */
        DYNAMODB_CANCEL("dynamodb.cancel"),
        /** An SNS publish answered 500 {@code InternalError} or 400 {@code Throttling}, half of the time after publishing. */
        SNS_PUBLISH("sns.publish"),
        /** An invocation fails before its handler runs. */
        FUNCTION_ERROR("function.error"),
        /** An invocation runs its handler to the end, but times out before answering: its work is done, its answer lost. */
        FUNCTION_TIMEOUT("function.timeout"),
        /** An instance dies at its SNS publish, after everything it wrote before: the publish never happens. */
        FUNCTION_CRASH_AT_PUBLISH("function.crash-at-publish"),
        /** An {@code @connections} POST finds the connection dropped: the client is disconnected and the post answered 410. */
        CONNECTIONS_GONE("connections.410"),
        /** An {@code @connections} POST answered 429 {@code LimitExceededException}, not delivered. */
        CONNECTIONS_THROTTLE("connections.429"),
        /** An {@code @connections} POST answered 500 {@code InternalServerErrorException}, not delivered. */
        CONNECTIONS_5XX("connections.5xx"),
        /** A closed connection whose {@code $disconnect} is never delivered. */
        DISCONNECT_LOST("disconnect.lost");

        private final String key;

        Point(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Rates per point and the seed. */
    public record Spec(long seed, Map<Point, Double> rates) {
        public Spec {
            rates = Map.copyOf(rates);
        }

        /** No fault at all, but everything in place to inject them ({@link Faults#set}). */
        public static Spec none(long seed) {
            return new Spec(seed, Map.of());
        }

        /**
         * {@code name=value} pairs separated by commas: {@code seed=N}, {@code all=RATE} for every point, a group
         * ({@code dynamodb}, {@code sns}, {@code function}, {@code connections}, {@code disconnect}) for its points, or
         * one point ({@code dynamodb.throttle}, …); a later pair overrides an earlier one. Rates are between 0 and 1.
         */
        public static Spec parse(String text) {
            Objects.requireNonNull(text, "text");
            long seed = 1;
            var rates = new EnumMap<Point, Double>(Point.class);
            for (var pair : text.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                var equals = pair.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("fault " + pair.trim() + " needs =RATE");
                }
                var name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                var value = pair.substring(equals + 1).trim();
                if (name.equals("seed")) {
                    seed = number(name, value);
                    continue;
                }
                var rate = rate(name, value);
                var matched = false;
                for (var point : Point.values()) {
                    if (name.equals("all") || point.key().equals(name) || point.key().startsWith(name + ".")) {
                        rates.put(point, rate);
                        matched = true;
                    }
                }
                if (!matched) {
                    throw new IllegalArgumentException("unknown fault " + name + "; known: all, " + known());
                }
            }
            return new Spec(seed, rates);
        }

        public double rate(Point point) {
            return rates.getOrDefault(point, 0.0);
        }

        /** The spec as it would be written, every point with a rate, in a fixed order. */
        public String describe() {
            var text = new StringBuilder("seed=").append(seed);
            for (var point : Point.values()) {
                var rate = rate(point);
                if (rate > 0) {
                    text.append(',').append(point.key()).append('=').append(rate);
                }
            }
            return text.toString();
        }

        private static long number(String name, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, not " + value);
            }
        }

        private static double rate(String name, String value) {
            try {
                var rate = Double.parseDouble(value);
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException(name + " needs a rate between 0 and 1, not " + value);
                }
                return rate;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a rate between 0 and 1, not " + value);
            }
        }

        private static String known() {
            var names = new StringBuilder();
            for (var point : Point.values()) {
                names.append(names.isEmpty() ? "" : ", ").append(point.key());
            }
            return names.toString();
        }
    }

    /** Where one function instance reaches SNS, so that its publishes are known to be its own. */
    public interface InstanceEndpoints {
        java.net.URI open(String instance);

        void close(String instance);
    }

    private final Map<Point, AtomicLong> calls = new EnumMap<>(Point.class);
    private final Map<Point, AtomicLong> injected = new EnumMap<>(Point.class);
    private final Map<String, Runnable> crashes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dead = new ConcurrentHashMap<>();
    private volatile Spec spec;

    public Faults(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        for (var point : Point.values()) {
            calls.put(point, new AtomicLong());
            injected.put(point, new AtomicLong());
        }
    }

    public Spec spec() {
        return spec;
    }

    /** Injects by {@code newSpec} from now on; the call counts start again, so a seed replays from here. */
    public void set(Spec newSpec) {
        spec = Objects.requireNonNull(newSpec, "newSpec");
        calls.values().forEach(count -> count.set(0));
    }

    /** Whether this call at {@code point} fails; a failure is counted. */
    public boolean inject(Point point) {
        var current = spec;
        var rate = current.rate(point);
        if (rate <= 0) {
            return false;
        }
        var n = calls.get(point).getAndIncrement();
        if (unit(current.seed(), point.ordinal(), n, 0) >= rate) {
            return false;
        }
        injected.get(point).incrementAndGet();
        return true;
    }

    /** One of {@code options} variants of a fault, from the same seeded sequence. */
    public int variant(Point point, int options) {
        var current = spec;
        var n = calls.get(point).get();
        return (int) Math.min(options - 1, (long) (unit(current.seed(), point.ordinal(), n, 1) * options));
    }

    /** How many faults were injected at each point so far (points with none left out). */
    public Map<String, Long> injected() {
        var counts = new LinkedHashMap<String, Long>();
        injected.forEach((point, count) -> {
            if (count.get() > 0) {
                counts.put(point.key(), count.get());
            }
        });
        return counts;
    }

    public long injected(Point point) {
        return injected.get(point).get();
    }

    /** Registers a function instance that can die at its publish; {@code crash} is what kills it. */
    public void registerInstance(String instance, Runnable crash) {
        crashes.put(instance, crash);
    }

    public void unregisterInstance(String instance) {
        crashes.remove(instance);
        dead.remove(instance);
    }

    /** Kills the instance now: it is abandoned mid-invocation and every later call it makes fails. */
    public void crash(String instance) {
        dead.put(instance, Boolean.TRUE);
        var crash = crashes.get(instance);
        if (crash != null) {
            crash.run();
        }
    }

    public boolean isDead(String instance) {
        return dead.containsKey(instance);
    }

    /** A uniform number in [0, 1) from SplitMix64 over the seed, the point, the call number and a stream. */
    static double unit(long seed, int point, long n, int stream) {
        var z = seed * 0x9E3779B97F4A7C15L + point * 0xBF58476D1CE4E5B9L + n * 0x94D049BB133111EBL + stream * 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
