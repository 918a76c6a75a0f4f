package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * {@code ./parley bench coldstart}: each function's cold start, as Lambda would run it, in a fresh JVM with Lambda's JVM
 * options and a class path of the function's jar and the harness ({@code dev.parley.bench.coldstart}) only. Without the
 * hooks: init, then the first invocation of a real event against the Parley Local it runs beside. With the hooks: init,
 * the SnapStart runtime hooks as a checkpoint and restore would run them, then the first invocation. A bare one-class
 * hello handler runs the same way in the same run, for scale.
 */
final class ColdStartRun {

    /**
     * The JVM options of Lambda's java runtimes that bear on start-up, as its bootstrap passes them: the serial
     * collector, IPv4 sockets and class data sharing, without SnapStart the client compiler only.
     */
    static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    /**
     * The JVM options of Lambda's java25 runtime for a SnapStart function: from java25 on, Lambda leaves tiered compilation
     * at the JVM's defaults when SnapStart is on, since compiling happens before the snapshot, off the request's clock.
     */
    static final List<String> LAMBDA_SNAPSTART_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
            "-XX:+TieredCompilation", "-Xshare:auto");

    private static final String HARNESS = "dev.parley.bench.coldstart.ColdStartHarness";
    private static final String HELLO = "dev.parley.bench.coldstart.Hello";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);

    /** A function by its module and the handler that serves its main route, in the order they run. */
    private record Function(String module, String handler) {
    }

    private static final List<Function> FUNCTIONS = List.of(
            new Function("authorizer", "dev.parley.functions.authorizer.AuthorizerHandler"),
            new Function("connect", "dev.parley.functions.connect.ConnectHandler"),
            new Function("channels", "dev.parley.functions.channels.ChannelsHandler"),
            new Function("send-message", "dev.parley.functions.sendmessage.SendMessageHandler"),
            new Function("attachments", "dev.parley.functions.attachments.AttachmentsHandler"),
            new Function("presence", "dev.parley.functions.presence.PresenceHandler"),
            new Function("fanout", "dev.parley.functions.fanout.FanoutHandler"),
            new Function("notify", "dev.parley.functions.notify.NotifyHandler"),
            new Function("disconnect", "dev.parley.functions.disconnect.DisconnectHandler"));

    /** One cold start: nanoseconds of each part, and the classes the first invocation loaded. */
    record Result(long wholeNanos, long initNanos, long hooksNanos, long firstCallNanos, long firstCallClasses, String response,
                  List<String> listable) {
    }

    private ColdStartRun() {
    }

    static int run(Path root, Args args, PrintStream out) throws Exception {
        var runs = args.integer("--runs", 3);
        var classLogs = args.path("--class-logs");
        var writeLists = args.flag("--write-class-lists");
        var only = args.text("--functions", null);
        var functions = only == null ? FUNCTIONS : FUNCTIONS.stream().filter(f -> List.of(only.split(",")).contains(f.module())).toList();
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("--functions names none of " + FUNCTIONS.stream().map(Function::module).toList());
        }
        var choice = Target.Choice.parse(args);
        args.requireAllUsed();
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        var harness = root.resolve("bench/target/coldstart-harness.jar");
        if (!Files.isRegularFile(harness)) {
            throw new IllegalStateException("no " + harness + ": ./parley bench coldstart builds it");
        }
        var work = Files.createTempDirectory("parley-coldstart-");
        if (classLogs != null) {
            Files.createDirectories(classLogs);
        }
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        try (var target = Target.open(choice, root, http, false)) {
            out.println("  coldstart against " + target.description());
            out.println("  JVM options: " + String.join(" ", LAMBDA_JVM_OPTIONS) + " (with the hooks, as SnapStart: "
                    + String.join(" ", LAMBDA_SNAPSTART_JVM_OPTIONS) + "); " + runs + " run(s) of each, medians");
            var definitions = definitions(target.functionsFile());
            var users = new Users(http, target);
            var events = Events.prepare(users, target);
            try {
                var hello = helloJar(harness, work);
                var helloEvent = Files.writeString(work.resolve("hello.json"), "{\"name\":\"bench\"}");
                var helloRuns = new ArrayList<Result>();
                for (int i = 0; i < runs; i++) {
                    helloRuns.add(start(List.of(hello, harness), HELLO, Map.of(), helloEvent, false, work, keep(classLogs, "hello", i)));
                }
                var helloWhole = median(helloRuns, Result::wholeNanos);
                out.printf(Locale.ROOT, "  %-13s %7s  %27s  %28s  %s%n", "", "", "without hooks", "with hooks", "");
                out.printf(Locale.ROOT, "  %-13s %7s  %6s %6s %6s %6s  %6s %6s %6s %6s  %s%n", "function", "jar", "init", "call",
                        "classes", "JVM", "hooks", "call", "classes", "JVM", "JVM ÷ hello");
                out.printf(Locale.ROOT, "  %-13s %6.2fM  %6s %6s %7d %6s  %6s %6s %6s %6s  %s%n", "hello",
                        Files.size(hello) / 1e6, ms(median(helloRuns, Result::initNanos)), ms(median(helloRuns, Result::firstCallNanos)),
                        median(helloRuns, Result::firstCallClasses), ms(helloWhole), "", "", "", "", "1.0");
                long worstWhole = 0;
                long worstHookedCall = 0;
                long worstHookedClasses = 0;
                for (var function : functions) {
                    var definition = definitions.get(function.handler());
                    if (definition == null) {
                        throw new IllegalStateException("Parley Local runs no function with handler " + function.handler());
                    }
                    // The jar as built in the working tree; Parley Local gives the environment its function runs with.
                    var jar = root.resolve("functions").resolve(function.module()).resolve("target/function.jar");
                    var environment = new HashMap<String, String>();
                    definition.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
                    var cold = new ArrayList<Result>();
                    var primed = new ArrayList<Result>();
                    for (int i = 0; i < runs; i++) {
                        cold.add(start(List.of(jar, harness), function.handler(), environment,
                                events.next(function.module(), work), false, work, keep(classLogs, function.module(), i)));
                        primed.add(start(List.of(jar, harness), function.handler(), environment,
                                events.next(function.module(), work), true, work, keep(classLogs, function.module() + "-hooks", i)));
                    }
                    if (writeLists) {
                        writeClassList(root, function.module(), cold);
                    }
                    var whole = median(cold, Result::wholeNanos);
                    var hookedCall = median(primed, Result::firstCallNanos);
                    var hookedClasses = median(primed, Result::firstCallClasses);
                    worstWhole = Math.max(worstWhole, whole);
                    worstHookedCall = Math.max(worstHookedCall, hookedCall);
                    worstHookedClasses = Math.max(worstHookedClasses, hookedClasses);
                    out.printf(Locale.ROOT, "  %-13s %6.2fM  %6s %6s %7d %6s  %6s %6s %7d %6s  %.1f%n", function.module(),
                            Files.size(jar) / 1e6, ms(median(cold, Result::initNanos)), ms(median(cold, Result::firstCallNanos)),
                            median(cold, Result::firstCallClasses), ms(whole), ms(median(primed, Result::hooksNanos)), ms(hookedCall),
                            hookedClasses, ms(median(primed, Result::wholeNanos)), (double) whole / helloWhole);
                }
                out.printf(Locale.ROOT, "coldstart: without hooks, init + first real call ≤ %s for the whole JVM (hello %s);"
                                + " with the SnapStart hooks run first, the first call ≤ %s loading ≤ %d classes"
                                + " (%d functions, median of %d)%n",
                        ms(worstWhole), ms(helloWhole), ms(worstHookedCall), worstHookedClasses, functions.size(), runs);
            } finally {
                events.close();
            }
        } finally {
            deleteRecursively(work);
        }
        return 0;
    }

    /**
     * Writes the classes the function's first invocations loaded (those a class loader can load by name: not the hidden
     * classes of lambdas, not the harness's) into the jar's list for priming, {@code Priming.FIRST_CALL_CLASSES}.
     */
    private static void writeClassList(Path root, String module, List<Result> runs) throws IOException {
        var names = new java.util.TreeSet<String>();
        runs.forEach(run -> names.addAll(run.listable()));
        var file = root.resolve("functions").resolve(module).resolve("src/main/resources/META-INF/parley/first-call-classes.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# The classes a first invocation of this function loads, preloaded by its SnapStart priming.\n"
                + "# Written by ./parley bench coldstart --write-class-lists from real first invocations.\n"
                + String.join("\n", names) + "\n");
    }

    /** Where to keep a run's class-load log ({@code --class-logs DIR}), or null to drop it. */
    private static Path keep(Path classLogs, String name, int run) {
        return classLogs == null ? null : classLogs.resolve(name + "-" + (run + 1) + ".log");
    }

    /** Parley Local's functions by handler class. */
    private static Map<String, JsonNode> definitions(Path functionsFile) throws IOException {
        if (!Files.isRegularFile(functionsFile)) {
            throw new IllegalStateException("no " + functionsFile + ": that Parley Local predates functions.json; restart it");
        }
        var byHandler = new HashMap<String, JsonNode>();
        for (var definition : Json.parseTrusted(Files.readString(functionsFile))) {
            var handler = definition.path("handler").asText();
            var separator = handler.indexOf("::");
            byHandler.putIfAbsent(separator < 0 ? handler : handler.substring(0, separator), definition);
        }
        return byHandler;
    }

    /** A jar of the hello handler's one class, as a user would deploy it; the runtime interfaces come from the harness. */
    private static Path helloJar(Path harness, Path work) throws IOException {
        var jar = work.resolve("hello.jar");
        var entry = HELLO.replace('.', '/') + ".class";
        try (var source = new JarFile(harness.toFile()); var target = new JarOutputStream(Files.newOutputStream(jar))) {
            target.putNextEntry(new JarEntry(entry));
            try (var in = source.getInputStream(source.getEntry(entry))) {
                in.transferTo(target);
            }
            target.closeEntry();
        }
        return jar;
    }

    /** One fresh JVM: the harness with the function's class path and environment, timed from the process's start. */
    static Result start(List<Path> classPath, String handler, Map<String, String> environment, Path event, boolean hooks, Path work,
                        Path keptClassLog) throws IOException, InterruptedException {
        var classLog = keptClassLog != null ? keptClassLog : work.resolve("classes-" + UUID.randomUUID() + ".log");
        var log = work.resolve("function.log");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(hooks ? LAMBDA_SNAPSTART_JVM_OPTIONS : LAMBDA_JVM_OPTIONS);
        command.add("-Xlog:class+load=info:file=" + classLog);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.addAll(List.of(HARNESS, handler, event.toString(), hooks ? "hooks" : "no-hooks"));
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        // The function sees its own environment only, as on Lambda.
        builder.environment().clear();
        builder.environment().putAll(environment);
        var started = System.nanoTime();
        var process = builder.start();
        long whole = -1;
        long init = -1;
        long hooksNanos = 0;
        long pauseNanos = 0;
        long firstCall = -1;
        String response = null;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("firstCall ")) {
                    whole = System.nanoTime() - started;
                    firstCall = Long.parseLong(line.substring("firstCall ".length()));
                } else if (line.startsWith("init ")) {
                    init = Long.parseLong(line.substring("init ".length()));
                } else if (line.startsWith("pause ")) {
                    pauseNanos = Long.parseLong(line.substring("pause ".length()));
                } else if (line.startsWith("hooks ")) {
                    var parts = line.split(" ");
                    hooksNanos = Long.parseLong(parts[1]);
                    if (Integer.parseInt(parts[2]) == 0 && !handler.equals(HELLO)) {
                        throw new IllegalStateException(handler + " registered no SnapStart hook");
                    }
                } else if (line.startsWith("response ")) {
                    response = line.substring("response ".length());
                }
            }
        }
        if (!process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (process.exitValue() != 0 || firstCall < 0) {
            throw new IllegalStateException(handler + " failed its cold start (exit " + process.exitValue() + "):\n" + tail(log));
        }
        if (hooks) {
            // The whole JVM of a hooked run counts JVM start, init and the first call, not the hooks and the pause after
            // them: those stand for the snapshot and the time until a request, not on the clock of a request.
            whole -= hooksNanos + pauseNanos;
        }
        var lines = firstCallLines(classLog);
        if (keptClassLog == null) {
            Files.deleteIfExists(classLog);
        }
        var listable = new ArrayList<String>();
        for (var line : lines) {
            var fields = line.substring(line.lastIndexOf("] ") + 2).split(" source: ", 2);
            var name = fields[0].strip();
            // A lambda's class is made when its call site first runs; the class it comes from can be named, and
            // initialising that class makes the lambdas of its static initialiser (the SDK's model classes have dozens).
            var lambda = name.indexOf("$$Lambda");
            if (lambda > 0) {
                name = name.substring(0, lambda);
            }
            if (!name.contains("/") && !name.startsWith("dev.parley.bench.") && !name.startsWith("java.lang.invoke.LambdaForm")
                    && (fields.length < 2 || !fields[1].contains("coldstart-harness"))) {
                listable.add(name);
            }
        }
        return new Result(whole, init, hooksNanos, firstCall, lines.size(), response, listable);
    }

    /** The class-load log's lines between the harness's two markers: the classes the first invocation loaded. */
    static List<String> firstCallLines(Path classLog) throws IOException {
        var lines = new ArrayList<String>();
        var counting = false;
        for (var line : Files.readAllLines(classLog)) {
            if (line.contains("ColdStartHarness$FirstCallStarts ")) {
                counting = true;
            } else if (line.contains("ColdStartHarness$FirstCallEnds ")) {
                return lines;
            } else if (counting) {
                lines.add(line);
            }
        }
        throw new IllegalStateException("the class-load log " + classLog + " has no first-call markers");
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.exists(log) ? Files.readAllLines(log) : List.<String>of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static long median(List<Result> results, ToLongFunction<Result> figure) {
        var sorted = results.stream().mapToLong(figure).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6).replace(" ms", "ms");
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Real events for each function against the Parley Local: a user connected through its gateway owns a channel with
     * one message in it; each event is new (its own connection id, request id, client message id), as a client's next
     * request would be.
     */
    private static final class Events implements AutoCloseable {

        private final Users users;
        private final ChatClient owner;
        private final String token;
        private final String channelId;
        private final JsonNode message;
        private final String apiId;
        private int sequence;

        private Events(Users users, ChatClient owner, String token, String channelId, JsonNode message) {
            this.users = users;
            this.owner = owner;
            this.token = token;
            this.channelId = channelId;
            this.message = message;
            this.apiId = "coldstart";
        }

        static Events prepare(Users users, Target target) throws Exception {
            var ownerId = users.id("coldstart", 1);
            var owner = users.connect(ownerId, (client, frame, nanos) -> { });
            var channelId = Users.createChannel(owner, "coldstart " + users.run(), List.of(users.id("coldstart", 2)));
            var ack = owner.call(Users.send(channelId, "coldstart-" + users.run(), "hello"));
            if (!"ack".equals(ack.path("type").asText())) {
                throw new IllegalStateException("sendMessage failed: " + ack);
            }
            return new Events(users, owner, users.token(ownerId), channelId, ack);
        }

        /** The next event for a function, written to a file for the harness. */
        Path next(String module, Path work) throws IOException {
            var n = ++sequence;
            var id = users.run() + "-" + n;
            var event = switch (module) {
                case "authorizer" -> authorizerEvent(id);
                case "connect" -> webSocketEvent("$connect", "CONNECT", "cs" + id, null);
                case "disconnect" -> webSocketEvent("$disconnect", "DISCONNECT", "cs" + id, null);
                case "channels" -> webSocketEvent("listChannels", "MESSAGE", "cs" + id,
                        Json.object().put("action", "listChannels").put("requestId", id));
                case "send-message" -> webSocketEvent("sendMessage", "MESSAGE", "cs" + id,
                        Users.send(channelId, "coldstart-" + id, "hello " + n).put("requestId", id));
                case "attachments" -> webSocketEvent("requestUpload", "MESSAGE", "cs" + id, Json.object().put("action", "requestUpload")
                        .put("requestId", id).put("channelId", channelId).put("fileName", "notes.txt").put("contentType", "text/plain")
                        .put("size", 5));
                case "presence" -> webSocketEvent("typing", "MESSAGE", "cs" + id, Json.object().put("action", "typing")
                        .put("requestId", id).put("channelId", channelId));
                case "fanout", "notify" -> sqsEvent(id);
                default -> throw new IllegalArgumentException("no event for " + module);
            };
            return Files.writeString(work.resolve(module + "-" + n + ".json"), Json.write(event));
        }

        private ObjectNode authorizerEvent(String id) {
            var event = Json.object().put("type", "REQUEST")
                    .put("methodArn", "arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/local/$connect");
            event.putObject("queryStringParameters").put("token", token);
            event.set("requestContext", requestContext("$connect", "CONNECT", "cs" + id, false));
            return event;
        }

        private ObjectNode webSocketEvent(String routeKey, String eventType, String connectionId, ObjectNode frame) {
            var event = Json.object();
            event.set("requestContext", requestContext(routeKey, eventType, connectionId, true));
            event.put("isBase64Encoded", false);
            if (frame != null) {
                event.put("body", Json.write(frame));
            }
            return event;
        }

        private ObjectNode requestContext(String routeKey, String eventType, String connectionId, boolean authorized) {
            var now = System.currentTimeMillis();
            var context = Json.object().put("routeKey", routeKey).put("eventType", eventType)
                    .put("extendedRequestId", UUID.randomUUID().toString()).put("requestTime", Instant.ofEpochMilli(now).toString())
                    .put("messageDirection", "IN").put("stage", "local").put("connectedAt", now).put("requestTimeEpoch", now)
                    .put("requestId", UUID.randomUUID().toString()).put("domainName", "127.0.0.1").put("connectionId", connectionId)
                    .put("apiId", apiId);
            if (eventType.equals("MESSAGE")) {
                context.put("messageId", UUID.randomUUID().toString());
            }
            context.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", "parley-bench");
            if (authorized) {
                context.putObject("authorizer").put("userId", owner.userId()).put("principalId", owner.userId())
                        .put("expiresAt", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
            }
            return context;
        }

        /** The fan-out and notify queues' event: the {@code message.posted} envelope of the channel's message. */
        private ObjectNode sqsEvent(String id) {
            var frame = Json.object().put("type", "message").put("channelId", channelId).put("seq", message.path("seq").asLong())
                    .put("messageId", message.path("messageId").asText()).put("senderId", owner.userId()).put("text", "hello")
                    .put("createdAt", message.path("createdAt").asLong()).put("clientMsgId", message.path("clientMsgId").asText());
            var envelope = Json.object().put("v", 1).put("eventId", "coldstart-" + id).put("type", "message.posted")
                    .put("channelId", channelId).put("actorId", owner.userId()).put("occurredAt", message.path("createdAt").asLong());
            envelope.putArray("userIds");
            envelope.set("frame", frame);
            var record = Json.object().put("messageId", UUID.randomUUID().toString()).put("receiptHandle", "coldstart-" + id)
                    .put("body", Json.write(envelope)).put("md5OfBody", "").put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:coldstart").put("awsRegion", "us-east-1");
            record.putObject("attributes").put("ApproximateReceiveCount", "1")
                    .put("SentTimestamp", Long.toString(System.currentTimeMillis()));
            record.putObject("messageAttributes");
            var event = Json.object();
            event.putArray("Records").add(record);
            return event;
        }

        @Override
        public void close() {
            owner.close();
        }
    }
}
