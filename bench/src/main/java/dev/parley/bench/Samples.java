package dev.parley.bench;

import java.util.Arrays;
import java.util.Locale;

/** Durations in nanoseconds, added from any thread; percentiles by the nearest-rank method, printed in milliseconds. */
final class Samples {

    private long[] values = new long[64];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code quantile} (0–1) in milliseconds; NaN when there are no samples. */
    synchronized double millis(double quantile) {
        if (size == 0) {
            return Double.NaN;
        }
        var sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        var rank = (int) Math.ceil(quantile * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    synchronized double maxMillis() {
        return size == 0 ? Double.NaN : Arrays.stream(values, 0, size).max().orElse(0) / 1e6;
    }

    /** {@code p50 12.3 ms, p99 45.6 ms}. */
    String p50p99() {
        return "p50 " + ms(millis(0.50)) + ", p99 " + ms(millis(0.99));
    }

    /** Every percentile worth a detail line: {@code p50 …, p90 …, p99 …, max … (n samples)}. */
    String detail() {
        return "p50 " + ms(millis(0.50)) + ", p90 " + ms(millis(0.90)) + ", p99 " + ms(millis(0.99)) + ", max " + ms(maxMillis())
                + " (" + count() + " samples)";
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis) : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
