package dev.parley.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.infra.ParleyApp;
import dev.parley.local.counting.RequestCounting;
import dev.parley.local.engines.EngineOptions;
import dev.parley.local.engines.Engines;
import dev.parley.local.engines.ObjectCreated;
import dev.parley.local.events.Schedules;
import dev.parley.local.events.SqsPoller;
import dev.parley.local.faults.Faults;
import dev.parley.local.gateway.Gateway;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.lambda.InvocationException;
import dev.parley.local.template.Resource;
import dev.parley.local.template.TemplateException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Parley Local: synthesizes the CDK app, starts the engines, creates what the template declares, runs every
 * function in-process, and serves the WebSocket API on loopback. {@code ./parley local} runs {@link #main}.
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
                          Faults.Spec faults) {
        public static Options defaults(Path root) {
            return new Options(root, "127.0.0.1", 4510, null, 0, 0, 0, 0, Gateway.Limits.apiGateway(), 4, false, null, null);
        }

        public Options withPort(int gatewayPort) {
            return new Options(root, host, gatewayPort, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits,
                    instancesPerFunction, countRequests, workDirectory, faults);
        }

        public Options withLimits(Gateway.Limits newLimits) {
            return new Options(root, host, port, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, newLimits, instancesPerFunction,
                    countRequests, workDirectory, faults);
        }

        /** Injects faults by {@code spec} ({@link Faults.Spec#none} puts everything in place to inject them later). */
        public Options withFaults(Faults.Spec spec) {
            return new Options(root, host, port, persistDirectory, dynamoDbPort, sqsPort, s3Port, snsPort, limits, instancesPerFunction,
                    countRequests, workDirectory, spec);
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
    private final Map<String, FunctionPool> functions = new HashMap<>();
    private Engines engines;
    private Gateway gateway;
    private Schedules schedules;
    private Endpoints endpoints;
    private TokenIssuer tokens;
    private RequestCounting counting;
    private Faults faults;
    private final Map<String, String> scheduleRules = new HashMap<>();

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
        var persist = options.persistDirectory();
        // The engines start while the gateway binds and the CDK app is synthesized (or its kept assembly is found).
        var starting = Executors.newVirtualThreadPerTaskExecutor();
        var enginesStarting = starting.submit(() -> Engines.start(new EngineOptions(persist == null ? null : persist.resolve("engines"),
                options.dynamoDbPort(), options.sqsPort(), options.s3Port(), options.snsPort())));
        starting.shutdown();
        Path assembly;
        try {
            gateway = new Gateway(options.host(), options.port(), options.limits(), Engines.REGION, Engines.ACCOUNT_ID,
                    Engines.ACCESS_KEY_ID);
            gateway.start();
            running.add(gateway);
            var issuer = TokenIssuer.create(gateway.baseUrl() + "/dev", persist == null ? null : persist.resolve("dev-token-key.json"));
            gateway.tokens(issuer);
            tokens = issuer;
            Map<String, Object> context = Map.of("jwtIssuer", issuer.issuer(), "jwtAudience", TokenIssuer.AUDIENCE,
                    "jwksUrl", gateway.baseUrl() + "/.well-known/jwks.json", "stageName", STAGE);
            assembly = SynthesizedApp.assembly(options.root(), options.workPath(), context);
        } catch (Exception | Error e) {
            try {
                awaitEngines(enginesStarting).close();
            } catch (Exception | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        engines = awaitEngines(enginesStarting);
        running.addFirst(engines);
        var deployment = new Deployment(engines, assembly, List.of(ParleyApp.STATEFUL, ParleyApp.STATELESS), gateway.baseUrl());

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
        if (options.countRequests()) {
            counting = proxies;
            gateway.counts(counting.counts());
        }
        var sdk = proxies == null ? engines.sdkEnvironment() : proxies.sdkEnvironment(engines.sdkEnvironment());
        var snsEndpoints = proxies == null ? null : proxies.snsInstanceEndpoints();
        new Provisioner(deployment, client(DynamoDbClient.builder(), engines.dynamoDbUrl()), sqs(), client(SnsClient.builder(),
                engines.snsUrl()), s3()).provision();
        var definitions = deployment.functionDefinitions(sdk);
        for (var definition : definitions.values()) {
            functions.computeIfAbsent(definition.name(), name -> {
                var pool = new FunctionPool(definition, options.instancesPerFunction());
                if (counting != null) {
                    pool.counts(counting.counts());
                }
                if (faults != null) {
                    pool.faults(faults, snsEndpoints);
                }
                running.add(pool);
                return pool;
            });
        }
        engines.sns().setLambdaInvoker((arn, eventJson) -> function(arn).invoke(eventJson));
        eventSourceMappings(deployment);
        schedules(deployment);
        bucketNotifications(deployment);
        gateway.api(api(deployment));
        // A first instance of every function starts in the background, so the first request does not wait for it.
        for (var pool : functions.values()) {
            Thread.ofVirtual().name("warm-" + pool.definition().name()).start(() -> {
                try {
                    pool.warm();
                } catch (InvocationException e) {
                    System.err.println(e.getMessage());
                }
            });
        }
        endpoints = new Endpoints("ws://127.0.0.1:" + gateway.port() + "/" + STAGE, gateway.baseUrl() + "/" + STAGE,
                gateway.baseUrl() + "/dev/token", gateway.baseUrl() + "/", engines.dynamoDbUrl().toString(), engines.sqsUrl().toString(),
                engines.snsUrl().toString(), engines.s3Url().toString(), engines.region());
    }

    private static Engines awaitEngines(Future<Engines> starting) throws Exception {
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
        return functions.values().stream()
                .map(FunctionPool::definition)
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

    /** Fires every schedule once now (the sweep, for example), as if its time had come. */
    public void fireSchedules() {
        scheduleRules.forEach((rule, function) -> schedules.fire(rule, functions.get(function)));
    }

    private FunctionPool function(String reference) {
        var pool = functions.get(Deployment.functionName(reference));
        if (pool == null) {
            throw new TemplateException("no function " + reference + " in the template");
        }
        return pool;
    }

    private void eventSourceMappings(Deployment deployment) {
        for (var mapping : deployment.ofType("AWS::Lambda::EventSourceMapping")) {
            var source = deployment.resolveText(mapping, mapping.property("EventSourceArn"));
            if (!source.startsWith("arn:aws:sqs:")) {
                throw new TemplateException("Parley Local runs SQS event sources only, not " + source);
            }
            var function = function(deployment.resolveText(mapping, mapping.property("FunctionName")));
            var reports = false;
            for (var type : mapping.property("FunctionResponseTypes")) {
                reports |= type.asText().equals("ReportBatchItemFailures");
            }
            // Lambda's pollers are billed SQS requests, so they go through the counting proxy when there is one.
            var pollerSqs = counting == null ? sqs() : client(SqsClient.builder(), counting.sqsUrl());
            var poller = new SqsPoller(pollerSqs, engines.sqsQueueUrl(source), source, engines.region(), function,
                    mapping.property("BatchSize").asInt(10),
                    Duration.ofSeconds(mapping.property("MaximumBatchingWindowInSeconds").asInt(0)), reports);
            poller.start(2);
            running.add(poller);
        }
    }

    private void schedules(Deployment deployment) {
        schedules = new Schedules(engines.region(), engines.accountId());
        running.add(schedules);
        for (var rule : deployment.ofType("AWS::Events::Rule")) {
            var expression = rule.property("ScheduleExpression").asText(null);
            if (expression == null) {
                throw new TemplateException("Parley Local runs schedule rules only; " + rule.logicalId() + " has an event pattern");
            }
            for (var target : rule.property("Targets")) {
                var function = function(deployment.resolveText(rule, target.get("Arn")));
                schedules.add(rule.logicalId(), expression, function);
                scheduleRules.put(rule.logicalId(), function.definition().name());
            }
        }
    }

    private void bucketNotifications(Deployment deployment) {
        for (var notifications : deployment.ofType("Custom::S3BucketNotifications")) {
            var bucket = deployment.resolveText(notifications, notifications.property("BucketName"));
            var configuration = deployment.resolve(notifications, notifications.property("NotificationConfiguration"));
            for (var lambda : configuration.path("LambdaFunctionConfigurations")) {
                var function = function(lambda.get("LambdaFunctionArn").asText());
                var prefix = "";
                var suffix = "";
                for (var rule : lambda.path("Filter").path("Key").path("FilterRules")) {
                    if (rule.path("Name").asText().equalsIgnoreCase("prefix")) {
                        prefix = rule.path("Value").asText();
                    } else if (rule.path("Name").asText().equalsIgnoreCase("suffix")) {
                        suffix = rule.path("Value").asText();
                    }
                }
                var createdOnly = false;
                for (var event : lambda.path("Events")) {
                    createdOnly |= event.asText().startsWith("s3:ObjectCreated:");
                }
                if (!createdOnly) {
                    throw new TemplateException("Parley Local delivers s3:ObjectCreated notifications only");
                }
                final var wantedPrefix = prefix;
                final var wantedSuffix = suffix;
                engines.s3().addObjectCreatedListener(created -> {
                    if (created.bucket().equals(bucket) && created.key().startsWith(wantedPrefix) && created.key().endsWith(wantedSuffix)) {
                        Thread.ofVirtual().start(() -> deliver(function, created));
                    }
                });
            }
        }
    }

    private void deliver(FunctionPool function, ObjectCreated created) {
        var event = MAPPER.createObjectNode();
        var record = event.putArray("Records").addObject()
                .put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", engines.region())
                .put("eventTime", Instant.now().toString()).put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "parley-local");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", UUID.randomUUID().toString());
        var s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", "parley-local");
        s3.putObject("bucket").put("name", created.bucket()).put("arn", "arn:aws:s3:::" + created.bucket())
                .putObject("ownerIdentity").put("principalId", "parley-local");
        s3.putObject("object").put("key", URLEncoder.encode(created.key(), StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", created.size()).put("eTag", created.eTag() == null ? "" : created.eTag())
                .put("sequencer", Long.toHexString(System.nanoTime()));
        try {
            function.invoke(MAPPER.writeValueAsString(event));
        } catch (InvocationException | IOException e) {
            System.err.println("S3 notification to " + function.definition().name() + " failed: " + e.getMessage());
        }
    }

    private ApiModel api(Deployment deployment) {
        var apis = deployment.ofType("AWS::ApiGatewayV2::Api");
        if (apis.size() != 1) {
            throw new TemplateException("Parley Local serves exactly one WebSocket API; the template has " + apis.size());
        }
        var api = apis.getFirst();
        if (!api.property("ProtocolType").asText().equals("WEBSOCKET")) {
            throw new TemplateException("Parley Local serves WebSocket APIs only");
        }
        var stages = deployment.ofType("AWS::ApiGatewayV2::Stage");
        var stageName = stages.isEmpty() ? STAGE : stages.getFirst().property("StageName").asText(STAGE);
        var responding = new java.util.HashSet<String>();
        for (var response : deployment.ofType("AWS::ApiGatewayV2::RouteResponse")) {
            responding.add(response.property("RouteId").path("Ref").asText());
        }
        var routes = new HashMap<String, ApiModel.Route>();
        ApiModel.Authorizer authorizer = null;
        for (var route : deployment.ofType("AWS::ApiGatewayV2::Route")) {
            var integration = integrationOf(deployment, route);
            var function = function(Deployment.functionOfUri(deployment.resolveText(integration, integration.property("IntegrationUri"))));
            var key = route.property("RouteKey").asText();
            var custom = route.property("AuthorizationType").asText("NONE").equals("CUSTOM");
            routes.put(key, new ApiModel.Route(key, function, responding.contains(route.logicalId()), custom));
            if (custom) {
                var definition = deployment.byRef(route, route.property("AuthorizerId"));
                var sources = new ArrayList<String>();
                definition.property("IdentitySource").forEach(source -> sources.add(source.asText()));
                authorizer = new ApiModel.Authorizer(function(Deployment.functionOfUri(deployment.resolveText(definition,
                        definition.property("AuthorizerUri")))), sources);
            }
        }
        if (!routes.containsKey("$default")) {
            throw new TemplateException("the WebSocket API has no $default route");
        }
        return new ApiModel(deployment.resolveText(api, MAPPER.createObjectNode().put("Ref", api.logicalId())), stageName,
                api.property("RouteSelectionExpression").asText(), routes, authorizer);
    }

    private static Resource integrationOf(Deployment deployment, Resource route) {
        var reference = findRef(route.property("Target"));
        if (reference == null) {
            throw new TemplateException("route " + route.property("RouteKey").asText() + " has no integration target");
        }
        return deployment.byRef(route, MAPPER.createObjectNode().put("Ref", reference));
    }

    private static String findRef(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.has("Ref")) {
            return node.get("Ref").asText();
        }
        for (var child : node) {
            var found = findRef(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private SqsClient sqs() {
        return client(SqsClient.builder(), engines.sqsUrl());
    }

    private S3Client s3() {
        return S3Client.builder().region(Region.of(engines.region())).endpointOverride(engines.s3Url()).forcePathStyle(true)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(engines.accessKeyId(), engines.secretAccessKey()));
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(
            B builder, URI endpoint) {
        return builder.region(Region.of(engines.region())).endpointOverride(endpoint).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
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
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + running.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        running.clear();
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
