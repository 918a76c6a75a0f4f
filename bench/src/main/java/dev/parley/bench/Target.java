package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Parley Local a bench command runs against: one already running (its endpoints file), or one the command starts
 * as a child process on free ports and stops at the end.
 */
final class Target implements AutoCloseable {

    /** The JVM options of the launcher's {@code local} command (see {@code ./parley}), as a Java argument file. */
    private static final String JVM_OPTIONS = "local/app/jvm.options";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** Which Parley Local to use: {@code --endpoints FILE}, {@code --start-local}, {@code --no-build}. */
    record Choice(Path endpoints, boolean start, boolean build) {
        static Choice parse(Args args) {
            var choice = new Choice(args.path("--endpoints"), args.flag("--start-local"), !args.flag("--no-build"));
            if (choice.endpoints() != null && choice.start()) {
                throw new IllegalArgumentException("give --endpoints FILE or --start-local, not both");
            }
            return choice;
        }
    }

    private final JsonNode endpoints;
    private final Path functionsFile;
    private final HttpClient http;
    private final Process process;
    private final Path workDirectory;
    private final String description;
    private volatile boolean keep;

    private Target(JsonNode endpoints, Path endpointsFile, HttpClient http, Process process, Path workDirectory, String description) {
        this.endpoints = endpoints;
        this.functionsFile = endpointsFile == null ? null : endpointsFile.resolveSibling("functions.json");
        this.http = http;
        this.process = process;
        this.workDirectory = workDirectory;
        this.description = description;
    }

    /**
     * {@code --endpoints FILE} uses that running Parley Local; {@code --start-local} always starts one; otherwise the
     * one of {@code .parley/local.json} is used when it answers, and one is started when it does not. With
     * {@code counting}, the Parley Local must count requests ({@code --count-requests}); a started one does. Before
     * starting one, Parley Local is built from the working tree ({@code --no-build} skips that), unless the one of
     * {@code .parley/local.json} is running: rebuilding its jar under it would break it.
     */
    static Target open(Choice choice, Path root, HttpClient http, boolean counting) throws Exception {
        return open(choice, root, http, counting, null);
    }

    /**
     * As {@link #open(Choice, Path, HttpClient, boolean)}; with {@code faults} (a {@code --faults} spec), a running
     * Parley Local is used only if it injects faults, and one that is started gets that spec.
     */
    static Target open(Choice choice, Path root, HttpClient http, boolean counting, String faults) throws Exception {
        var given = choice.endpoints();
        var start = choice.start();
        var build = choice.build();
        if (given != null) {
            var endpoints = readEndpoints(given);
            if (endpoints == null || !answers(http, endpoints)) {
                throw new IllegalStateException("no Parley Local answers at the endpoints of " + given);
            }
            if (counting && !counts(http, endpoints)) {
                throw new IllegalStateException("the Parley Local of " + given + " does not count requests: start it with"
                        + " ./parley local --count-requests, or leave out --endpoints to let the bench start one");
            }
            if (faults != null && !injects(http, endpoints)) {
                throw new IllegalStateException("the Parley Local of " + given + " injects no faults: start it with"
                        + " ./parley local --faults SPEC, or leave out --endpoints to let the bench start one");
            }
            return new Target(endpoints, given, http, null, null, "the running Parley Local of " + given);
        }
        var defaultFile = root.resolve(".parley").resolve("local.json");
        var running = readEndpoints(defaultFile);
        var runningAnswers = running != null && answers(http, running);
        if (!start && runningAnswers && (!counting || counts(http, running)) && (faults == null || injects(http, running))) {
            return new Target(running, defaultFile, http, null, null, "the running Parley Local of " + root.relativize(defaultFile));
        }
        if (build && runningAnswers) {
            System.out.println("  Parley Local is not rebuilt: the one of " + root.relativize(defaultFile) + " runs from its jar");
        } else if (build) {
            build(root);
        }
        return start(root, http, counting, faults);
    }

    /** A Parley Local that runs already, by its endpoints (as {@code local.json} holds them). */
    static Target running(JsonNode endpoints, HttpClient http, String description) {
        return new Target(endpoints, null, http, null, null, description);
    }

    /** Builds Parley Local and the function jars from the working tree, with the JDK of this JVM's environment. */
    private static void build(Path root) throws IOException, InterruptedException {
        var started = System.nanoTime();
        var maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-pl", "local/app", "-am", "package",
                "-DskipTests").directory(root.toFile()).inheritIO().start();
        if (maven.waitFor() != 0) {
            throw new IllegalStateException("building Parley Local failed (exit " + maven.exitValue() + ")");
        }
        System.out.printf(Locale.ROOT, "  built Parley Local in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static Target start(Path root, HttpClient http, boolean counting, String faults) throws Exception {
        var jar = root.resolve("local/app/target/parley-local.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it with ./parley build");
        }
        var directory = Files.createTempDirectory("parley-bench-");
        // It runs from a copy, so that a build during the run cannot change the jar under it.
        jar = Files.copy(jar, directory.resolve("parley-local.jar"));
        var endpointsFile = directory.resolve("local.json");
        var log = directory.resolve("parley-local.log");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + root.resolve(JVM_OPTIONS));
        command.addAll(List.of("-jar", jar.toString(), "--root", root.toString(), "--port", "0", "--work-dir", directory.toString()));
        if (counting) {
            command.add("--count-requests");
        }
        if (faults != null) {
            command.addAll(List.of("--faults", faults));
        }
        var started = System.nanoTime();
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var stopper = Thread.ofPlatform().unstarted(() -> stop(process));
        Runtime.getRuntime().addShutdownHook(stopper);
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                var tail = tail(log, 40);
                deleteRecursively(directory);
                throw new IllegalStateException("Parley Local stopped while starting (exit " + process.exitValue() + "):\n" + tail);
            }
            var endpoints = Files.exists(endpointsFile) ? readEndpoints(endpointsFile) : null;
            if (endpoints != null && answers(http, endpoints)) {
                var seconds = (System.nanoTime() - started) / 1e9;
                return new Target(endpoints, endpointsFile, http, process, directory, String.format(Locale.ROOT,
                        "a Parley Local started for this run (pid %d, ready in %.1f s%s, log %s)", process.pid(), seconds,
                        counting ? ", counting requests" : "", log));
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IllegalStateException("Parley Local was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode readEndpoints(Path file) {
        try {
            return Files.exists(file) ? Json.parseTrusted(Files.readString(file)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean answers(HttpClient http, JsonNode endpoints) {
        return status(http, URI.create(endpoints.path("webUrl").asText("http://127.0.0.1:1/") + "dev/config")) == 200;
    }

    private static boolean counts(HttpClient http, JsonNode endpoints) {
        return status(http, URI.create(endpoints.path("webUrl").asText() + "dev/counters")) == 200;
    }

    private static boolean injects(HttpClient http, JsonNode endpoints) {
        return status(http, URI.create(endpoints.path("webUrl").asText() + "dev/faults")) == 200;
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String description() {
        return description;
    }

    /** Where this Parley Local describes its functions ({@code functions.json}, beside its endpoints file). */
    Path functionsFile() {
        if (functionsFile == null) {
            throw new IllegalStateException("this Parley Local was given by its endpoints alone: no functions.json to read");
        }
        return functionsFile;
    }

    /** Whether this Parley Local counts requests: its DynamoDB and SQS calls then go through counting proxies. */
    boolean countsRequests() {
        return counts(http, endpoints);
    }

    URI websocketUrl() {
        return URI.create(endpoints.get("websocketUrl").asText());
    }

    URI tokenUrl() {
        return URI.create(endpoints.get("tokenUrl").asText());
    }

    URI dynamoDbUrl() {
        return URI.create(endpoints.get("dynamodbUrl").asText());
    }

    URI sqsUrl() {
        return URI.create(endpoints.get("sqsUrl").asText());
    }

    String region() {
        return endpoints.get("region").asText();
    }

    /** {@code GET /dev/counters}: the counters as {@code name → value}. */
    JsonNode counters() throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(endpoints.get("webUrl").asText() + "dev/counters")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /dev/counters answered " + response.statusCode());
        }
        return Json.parseTrusted(response.body()).path("counters");
    }

    /** {@code GET /dev/faults}: the spec and the faults injected so far; an empty object when it injects none. */
    JsonNode faults() throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(endpoints.get("webUrl").asText() + "dev/faults")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Json.parseTrusted(response.body()) : Json.object();
    }

    void resetCounters() throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(endpoints.get("webUrl").asText() + "dev/counters/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /dev/counters/reset answered " + response.statusCode());
        }
    }

    /** CPU time of a started Parley Local so far, or {@code null} for one this command did not start. */
    Duration cpu() {
        return process == null ? null : process.toHandle().info().totalCpuDuration().orElse(null);
    }

    private static String tail(Path log, int lines) {
        try {
            var all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + directory + ": " + e.getMessage());
        }
    }

    /** Keeps the log of a started Parley Local after {@link #close()}; returns where it is, or {@code null}. */
    Path keepLog() {
        keep = true;
        return workDirectory == null ? null : workDirectory.resolve("parley-local.log");
    }

    /** Stops a Parley Local this command started, and removes its files unless the log is to be kept. */
    @Override
    public void close() {
        if (process != null) {
            stop(process);
            if (!keep) {
                deleteRecursively(workDirectory);
            }
        }
    }
}
