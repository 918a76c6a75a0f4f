package dev.parley.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/** CPU used by the bench client and, when it started one, by Parley Local: to show which side was busy. */
final class Cpu {

    private final Target target;
    private final long wallStart = System.nanoTime();
    private final long clientStart = clientNanos();
    private final Duration localStart;

    Cpu(Target target) {
        this.target = target;
        this.localStart = target.cpu();
    }

    private static long clientNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** {@code CPU over 12.0 s: bench client 3.1 s (26% of one core), Parley Local 20.4 s (170%); 2 cores}. */
    String since() {
        var wall = (System.nanoTime() - wallStart) / 1e9;
        var text = new StringBuilder(String.format(Locale.ROOT, "CPU over %.1f s: bench client ", wall));
        var client = clientNanos();
        text.append(client < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s (%.0f%% of one core)", (client - clientStart) / 1e9,
                100 * (client - clientStart) / 1e9 / wall));
        var local = target.cpu();
        if (local != null && localStart != null) {
            var seconds = local.minus(localStart).toNanos() / 1e9;
            text.append(String.format(Locale.ROOT, ", Parley Local %.1f s (%.0f%% of one core)", seconds, 100 * seconds / wall));
        }
        return text.append("; ").append(Runtime.getRuntime().availableProcessors()).append(" cores").toString();
    }
}
