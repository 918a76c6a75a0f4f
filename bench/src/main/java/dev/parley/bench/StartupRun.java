package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./parley bench startup}: times {@code ./parley local} from the command to ready (its endpoints file written),
 * as a user starts it: a first start, which synthesizes the CDK app when it changed, then {@code --runs} starts that
 * find the kept assembly. Each start has its own work directory under {@code .parley/bench-startup} and the same
 * gateway port, so the assembly's context stays the same from start to start.
 */
final class StartupRun {

    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private StartupRun() {
    }

    static int run(Path root, Args args, PrintStream out) throws Exception {
        var runs = args.integer("--runs", 5);
        args.requireAllUsed();
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        var work = root.resolve(".parley").resolve("bench-startup");
        Files.createDirectories(work);
        var port = freePort();
        var first = start(root, work, port);
        out.printf("  first start (builds and synthesizes when needed): %.1f s%n", first / 1000.0);
        var times = new ArrayList<Long>();
        for (int i = 1; i <= runs; i++) {
            var millis = start(root, work, port);
            times.add(millis);
            out.printf("  start %d: %.1f s%n", i, millis / 1000.0);
        }
        var sorted = times.stream().sorted().toList();
        out.printf("startup: ./parley local ready in %.1f s (median of %d starts with the kept template; min %.1f s, max %.1f s);"
                        + " first start %.1f s%n", sorted.get(sorted.size() / 2) / 1000.0, runs, sorted.getFirst() / 1000.0,
                sorted.getLast() / 1000.0, first / 1000.0);
        return 0;
    }

    private static long start(Path root, Path work, int port) throws IOException, InterruptedException {
        var ready = work.resolve("local.json");
        Files.deleteIfExists(ready);
        var process = new ProcessBuilder(root.resolve("parley").toString(), "local", "--port", Integer.toString(port), "--work-dir",
                work.toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("local.log").toFile()).start();
        var started = System.nanoTime();
        try {
            while (!Files.exists(ready)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("./parley local stopped before it was ready; see " + work.resolve("local.log"));
                }
                if (System.nanoTime() - started > READY_WITHIN.toNanos()) {
                    throw new IllegalStateException("./parley local was not ready within " + READY_WITHIN.toMinutes() + " min");
                }
                Thread.sleep(10);
            }
            return Duration.ofNanos(System.nanoTime() - started).toMillis();
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
