package dev.parley.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.infra.ParleyApp;
import dev.parley.local.counting.RequestCounting;
import dev.parley.local.engines.EngineOptions;
import dev.parley.local.engines.Engines;
import dev.parley.local.faults.Faults;
import dev.parley.local.gateway.Gateway;
import dev.parley.local.lambda.FunctionPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parley Local: synthesizes the CDK app, starts the engines, creates what the template declares ({@link Provisioner}),
 * runs every function in-process ({@link FunctionPools}) with its triggers ({@link Triggers}), and serves the WebSocket
 * API ({@link ApiReader}) on loopback. {@code ./parley local} runs {@link #main}.
 */
public final class ParleyLocal implements AutoCloseable {

    /**
     * How to run; ports of 0 choose free ones. {@code countRequests} turns on {@link RequestCounting};
     * {@code workDirectory} holds the synthesized template and the endpoints file ({@code null}: {@code .parley} under
     * the root), so that two Parley Locals of one repository need not share them. {@code faults} ({@code null}: none)
     * turns on {@link Faults}.
     */
    public record Options(Path root, String host, int port, Path persistDirectory, int dynamoDbPort, int sqsPort, int s3Port,
                          int snsPort, Gateway.Limits limits, int instancesPerFunction, boolean countRequests, Path workDirectory,
                          Faults.Spec faults, int scheduleSpeed) {
        public Options {
            if (scheduleSpeed < 1) {
                throw new IllegalArgumentException("scheduleSpeed must be at least 1, was " + scheduleSpeed);
            }
        }

        public static Options defaults(Path root) {
            return new Options(root, "127.0.0.1", 4510, null, 0, 0, 0, 0, Gateway.Limits.apiGateway(), 4, false, null, null, 1);
        }

        public Options withPort(int gatewayPort) {
            return new Options(root, host, gatewayPort, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits,
                    instancesPerFunction, countRequests, workDirectory, faults, scheduleSpeed);
        }

        /** Injects faults by {@code spec} ({@link Faults.Spec#none} puts everything in place to inject them later). */
        public Options withFaults(Faults.Spec spec) {
            return new Options(root, host, port, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits, instancesPerFunction,
                    countRequests, workDirectory, spec, scheduleSpeed);
        }

        /** Where this Parley Local keeps its synthesized template and endpoints file (see {@link #workPath()}). */
        public Options withWorkDirectory(Path directory) {
            return new Options(root, host, port, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits, instancesPerFunction,
                    countRequests, directory, faults, scheduleSpeed);
        }

        /** Fires every rate schedule {@code speed} times as often as the template says, so that a test sees it run. */
        public Options withScheduleSpeed(int speed) {
            return new Options(root, host, port, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits, instancesPerFunction,
                    countRequests, workDirectory, faults, speed);
        }

        /** Where the synthesized template ({@code cdk.out}) and the endpoints file ({@code local.json}) go. */
        public Path workPath() {
            return workDirectory != null ? workDirectory : root.resolve(".parley");
        }
    }

    public static final String STAGE = "local";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Options options;
    private final List<AutoCloseable> running = new ArrayList<>();
    private Engines engines;
    private Gateway gateway;
    private Endpoints endpoints;
    private FunctionPools functions;
    private TokenIssuer tokens;
    private Faults faults;

    private ParleyLocal(Options options) {
        this.options = options;
    }

    public static ParleyLocal start(Options options) throws Exception {
        var local = new ParleyLocal(options);
        try {
            local.boot();
            return local;
        } catch (Exception | Error e) {
            local.close();
            throw e;
        }
    }

    private void boot() throws Exception {
        var assembly = startWhileSynthesizing();
        deploy(new Deployment(engines, assembly, List.of(ParleyApp.STATEFUL, ParleyApp.STATELESS), gateway.baseUrl()));
        endpoints = new Endpoints("ws://127.0.0.1:" + gateway.port() + "/" + STAGE, gateway.baseUrl() + "/" + STAGE,
                gateway.baseUrl() + "/dev/token", gateway.baseUrl() + "/", engines.dynamoDbUrl().toString(), engines.sqsUrl().toString(),
                engines.snsUrl().toString(), engines.s3Url().toString(), engines.region());
    }

    /** Starts the engines and the gateway, and returns the cloud assembly, synthesized meanwhile (or kept from before). */
    private Path startWhileSynthesizing() throws Exception {
        var persist = options.persistDirectory();
        // The engines start while the gateway binds and the CDK app is synthesized (or its kept assembly is found).
        var starting = Executors.newVirtualThreadPerTaskExecutor();
        var enginesStarting = starting.submit(() -> Engines.start(new EngineOptions(persist == null ? null : persist.resolve("engines"),
                options.dynamoDbPort(), options.sqsPort(), options.s3Port(), options.snsPort())));
        Path assembly;
        try {
            gateway = new Gateway(options.host(), options.port(), options.limits(), Engines.REGION, Engines.ACCOUNT_ID,
                    Engines.ACCESS_KEY_ID);
            gateway.start();
            running.add(gateway);
            var issuerUrl = gateway.baseUrl() + "/dev";
            // The token key is read, or made once, while the assembly is found or synthesized.
            var issuerStarting = starting.submit(() -> TokenIssuer.create(issuerUrl,
                    (persist == null ? options.workPath() : persist).resolve("dev-token-key.json")));
            starting.shutdown();
            Map<String, Object> context = Map.of("jwtIssuer", issuerUrl, "jwtAudience", TokenIssuer.AUDIENCE,
                    "jwksUrl", gateway.baseUrl() + "/.well-known/jwks.json", "stageName", STAGE);
            assembly = SynthesizedApp.assembly(options.root(), options.workPath(), context);
            tokens = awaitStarted(issuerStarting);
            gateway.tokens(tokens);
        } catch (Exception | Error e) {
            starting.shutdown();
            try {
                awaitStarted(enginesStarting).close();
            } catch (Exception | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        engines = awaitStarted(enginesStarting);
        running.addFirst(engines);
        return assembly;
    }

    /** Creates the deployment's resources on the engines, runs its functions and serves its API. */
    private void deploy(Deployment deployment) throws IOException {
        if (options.faults() != null) {
            faults = new Faults(options.faults());
            gateway.faults(faults);
        }
        // The proxies in front of the engines count requests, inject faults, or both.
        RequestCounting proxies = null;
        if (options.countRequests() || faults != null) {
            proxies = RequestCounting.start(engines, options.countRequests(), faults);
            running.add(proxies);
        }
        var counting = options.countRequests() ? proxies : null;
        if (counting != null) {
            gateway.counts(counting.counts());
        }
        var sdk = proxies == null ? engines.sdkEnvironment() : proxies.sdkEnvironment(engines.sdkEnvironment());
        var clients = new EngineClients(engines);
        new Provisioner(deployment, clients.dynamoDb(), clients.sqs(), clients.sns(), clients.s3()).provision();
        functions = new FunctionPools(deployment.functionDefinitions(sdk).values(), options.instancesPerFunction(),
                counting == null ? null : counting.counts(), faults, proxies == null ? null : proxies.snsInstanceEndpoints());
        running.add(functions);
        engines.sns().setLambdaInvoker((arn, eventJson) -> functions.get(arn).invoke(eventJson));
        // Lambda's pollers are billed SQS requests, so they go through the counting proxy when there is one.
        running.add(Triggers.start(deployment, functions, engines,
                counting == null ? clients::sqs : () -> clients.sqs(counting.sqsUrl()), options.scheduleSpeed()));
        gateway.api(ApiReader.read(deployment, functions, STAGE));
        functions.warmInBackground();
    }

    private static <T> T awaitStarted(Future<T> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Engines engines() {
        return engines;
    }

    /**
     * Every function as it runs here: name, handler, jar and its environment with the engines' endpoints and
     * credentials, for scripts that run a function on their own, such as the cold-start bench.
     */
    public List<Map<String, Object>> functionDefinitions() {
        return functions.definitions().stream()
                .sorted(Comparator.comparing(FunctionPool.Definition::name))
                .map(d -> Map.<String, Object>of("name", d.name(), "handler", d.handler(), "jar", d.jar().toString(),
                        "environment", new TreeMap<>(d.environment())))
                .toList();
    }

    /** The development token issuer, for scripts and tests that need tokens of their own making. */
    public TokenIssuer tokens() {
        return tokens;
    }

    /** The faults it injects ({@code --faults}), to change them while it runs; {@code null} when it injects none. */
    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        // Connections close first, so their $disconnect runs while the functions and engines are still up.
        if (gateway != null && running.remove(gateway)) {
            try {
                gateway.close();
            } catch (Exception e) {
                System.err.println("stopping the gateway: " + e);
            }
        }
        Stopping.inReverse(running);
    }

    public static void main(String[] args) throws Exception {
        var started = System.nanoTime();
        var options = CommandLine.parse(args);
        var endpointsFile = options.workPath().resolve("local.json");
        var functionsFile = options.workPath().resolve("functions.json");
        var local = start(options);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            System.out.println("\nParley Local stopping…");
            try {
                Files.deleteIfExists(endpointsFile);
                Files.deleteIfExists(functionsFile);
            } catch (IOException e) {
                System.err.println("could not remove " + endpointsFile + ": " + e.getMessage());
            }
            local.close();
            stopped.countDown();
        }));
        Files.createDirectories(endpointsFile.getParent());
        // The functions first: a script that sees the endpoints file finds the functions beside it.
        Files.writeString(functionsFile, MAPPER.writeValueAsString(local.functionDefinitions()));
        Files.writeString(endpointsFile, MAPPER.writeValueAsString(local.endpoints()));
        Banner.print(local.endpoints(), Duration.ofNanos(System.nanoTime() - started), endpointsFile, options);
        stopped.await();
    }
}
