package dev.parley.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.engines.Engines;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.template.Intrinsics;
import dev.parley.local.template.Resource;
import dev.parley.local.template.TemplateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the synthesized templates and turns every resource into its local counterpart: names and ARNs for
 * {@code Ref} and {@code Fn::GetAtt}, tables, queues, topics, subscriptions and buckets on the engines, function
 * pools, event source mappings, schedules, S3 notifications and the WebSocket API. Nothing is wired by hand: what
 * the template does not say does not exist.
 */
public final class Deployment {

    /** Resources with no local meaning: permissions, logs, alarms, versions and deployment plumbing. */
    static final Set<String> NO_LOCAL_MEANING = Set.of(
            "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Lambda::Permission", "AWS::Lambda::Version",
            "AWS::Lambda::Alias", "AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
            "AWS::S3::BucketPolicy", "AWS::CDK::Metadata", "AWS::ApiGateway::Account", "AWS::ApiGatewayV2::Deployment",
            "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::RouteResponse", "AWS::ApiGatewayV2::Stage",
            "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::KMS::Key", "AWS::KMS::Alias");
    /** Resources Parley Local creates or runs. */
    static final Set<String> SUPPORTED = Set.of(
            "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::S3::Bucket",
            "AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping", "AWS::Events::Rule", "Custom::S3BucketNotifications",
            "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Authorizer");
    private static final String API_ID = "parleylocal";
    private static final Pattern EXECUTE_API = Pattern.compile("https://" + API_ID + "\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com/");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Engines engines;
    private final Path assemblyDirectory;
    private final String gatewayBase;
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Intrinsics intrinsics;

    /**
     * @param gatewayBase the local WebSocket API's base URL, {@code http://127.0.0.1:port}; the execute-api
     *                    endpoints in the template resolve to it
     */
    public Deployment(Engines engines, Path assemblyDirectory, List<String> stackNames, String gatewayBase) {
        this.engines = engines;
        this.assemblyDirectory = assemblyDirectory;
        this.gatewayBase = gatewayBase;
        this.intrinsics = new Intrinsics(engines.region(), engines.accountId(), this::ref, this::attribute);
        for (var stackName : stackNames) {
            var template = read(assemblyDirectory.resolve(stackName + ".template.json"));
            var stack = new Resource.Stack(stackName, template);
            template.path("Resources").fields().forEachRemaining(entry -> {
                var node = entry.getValue();
                var type = node.path("Type").asText();
                if (!SUPPORTED.contains(type) && !NO_LOCAL_MEANING.contains(type)) {
                    throw new TemplateException("Parley Local cannot run " + type + " (" + stackName + "/" + entry.getKey() + ")");
                }
                resources.put(key(stackName, entry.getKey()), new Resource(stack, entry.getKey(), type, node.get("Properties"),
                        node.get("Metadata")));
            });
        }
        for (var stackName : stackNames) {
            var outputs = read(assemblyDirectory.resolve(stackName + ".template.json")).path("Outputs");
            outputs.fields().forEachRemaining(entry -> {
                intrinsics.output(stackName, entry.getKey(), entry.getValue().get("Value"));
                var export = entry.getValue().path("Export").path("Name");
                if (!export.isMissingNode()) {
                    intrinsics.export(intrinsics.resolveText(stackName, export),
                            intrinsics.resolveText(stackName, entry.getValue().get("Value")));
                }
            });
        }
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String key(String stack, String logicalId) {
        return stack + "/" + logicalId;
    }

    public List<Resource> ofType(String type) {
        return resources.values().stream().filter(r -> r.type().equals(type)).toList();
    }

    public JsonNode resolve(Resource resource, JsonNode value) {
        return intrinsics.resolve(resource.stack().name(), value);
    }

    public String resolveText(Resource resource, JsonNode value) {
        return intrinsics.resolveText(resource.stack().name(), value);
    }

    private Resource resource(String stack, String logicalId) {
        var resource = resources.get(key(stack, logicalId));
        if (resource == null) {
            throw new TemplateException("stack " + stack + " refers to " + logicalId + ", which it does not define");
        }
        return resource;
    }

    /** A table's, queue's or function's local name: stable across restarts, unique across stacks. */
    public static String physicalName(Resource resource) {
        var name = resource.property("TableName").asText(resource.property("QueueName").asText(
                resource.property("TopicName").asText(resource.property("FunctionName").asText(""))));
        if (!name.isEmpty() && !name.startsWith("{")) {
            return name;
        }
        var base = resource.stack().name() + "-" + resource.logicalId();
        return resource.type().equals("AWS::S3::Bucket") ? base.toLowerCase(Locale.ROOT) : base;
    }

    private String arn(String service, String resourcePart) {
        return "arn:aws:" + service + ":" + engines.region() + ":" + engines.accountId() + ":" + resourcePart;
    }

    private String ref(String stack, String logicalId) {
        var resource = resource(stack, logicalId);
        var name = physicalName(resource);
        return switch (resource.type()) {
            case "AWS::SQS::Queue" -> engines.sqsQueueUrl(arn("sqs", name));
            case "AWS::SNS::Topic" -> arn("sns", name);
            case "AWS::Lambda::Alias" -> attribute(new String[] {stack, resource.property("FunctionName").path("Ref").asText(), "Arn"})
                    + ":" + resource.property("Name").asText();
            case "AWS::Lambda::Version" -> attribute(new String[] {stack, resource.property("FunctionName").path("Ref").asText(), "Arn"})
                    + ":1";
            case "AWS::ApiGatewayV2::Api" -> API_ID;
            case "AWS::ApiGatewayV2::Stage" -> resource.property("StageName").asText();
            default -> name;
        };
    }

    private String attribute(String[] stackIdAttribute) {
        var resource = resource(stackIdAttribute[0], stackIdAttribute[1]);
        var name = physicalName(resource);
        var attribute = stackIdAttribute[2];
        return switch (resource.type() + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + name);
            case "AWS::SQS::Queue.Arn" -> arn("sqs", name);
            case "AWS::SQS::Queue.QueueName" -> name;
            case "AWS::SQS::Queue.QueueUrl" -> engines.sqsQueueUrl(arn("sqs", name));
            case "AWS::SNS::Topic.TopicArn" -> arn("sns", name);
            case "AWS::SNS::Topic.TopicName" -> name;
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + name;
            case "AWS::S3::Bucket.DomainName", "AWS::S3::Bucket.RegionalDomainName" -> engines.s3Url().getAuthority();
            case "AWS::Lambda::Function.Arn" -> arn("lambda", "function:" + name);
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + engines.accountId() + ":role/" + name;
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", "log-group:" + name + ":*");
            case "AWS::ApiGatewayV2::Api.ApiEndpoint" -> gatewayBase.replace("http", "ws");
            case "AWS::Cognito::UserPool.ProviderURL" -> gatewayBase + "/dev";
            case "AWS::Cognito::UserPool.Arn" -> arn("cognito-idp", "userpool/" + name);
            default -> throw new TemplateException("Parley Local cannot resolve Fn::GetAtt " + stackIdAttribute[1] + "." + attribute
                    + " of " + resource.type());
        };
    }

    /** A resolved value as the function sees it: the execute-api endpoint is the local gateway. */
    public String localize(String value) {
        return value == null ? null : EXECUTE_API.matcher(value).replaceAll(java.util.regex.Matcher.quoteReplacement(gatewayBase + "/"));
    }

    /** Function definitions by every name they are invoked by: name, ARN, and alias ARN. */
    public Map<String, FunctionPool.Definition> functionDefinitions(Map<String, String> sdkEnvironment) {
        var definitions = new HashMap<String, FunctionPool.Definition>();
        for (var function : ofType("AWS::Lambda::Function")) {
            var runtime = function.property("Runtime").asText();
            if (function.logicalId().startsWith("BucketNotificationsHandler")) {
                continue; // CDK's helper that configures bucket notifications; Parley Local wires them itself.
            }
            if (!runtime.startsWith("java")) {
                throw new TemplateException("Parley Local runs Java functions only; " + function.logicalId() + " uses " + runtime);
            }
            var assetPath = function.metadata() == null ? null : function.metadata().path("aws:asset:path").asText(null);
            if (assetPath == null) {
                throw new TemplateException(function.logicalId() + " has no aws:asset:path metadata: synthesize with asset metadata on");
            }
            var environment = new HashMap<String, String>();
            function.property("Environment").path("Variables").fields().forEachRemaining(variable ->
                    environment.put(variable.getKey(), localize(resolveText(function, variable.getValue()))));
            environment.putAll(sdkEnvironment);
            var name = physicalName(function);
            environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", function.property("MemorySize").asText("128"));
            var arn = arn("lambda", "function:" + name);
            var definition = new FunctionPool.Definition(name, arn, assemblyDirectory.resolve(assetPath),
                    function.property("Handler").asText(), environment,
                    Duration.ofSeconds(function.property("Timeout").asLong(3)), function.property("MemorySize").asInt(128));
            definitions.put(name, definition);
            definitions.put(arn, definition);
        }
        return definitions;
    }

    /** The function a resolved ARN, alias ARN or {@code name:alias} names. */
    public static String functionName(String reference) {
        var text = reference;
        var marker = ":function:";
        var at = text.indexOf(marker);
        if (at >= 0) {
            text = text.substring(at + marker.length());
        }
        var colon = text.indexOf(':');
        return colon >= 0 ? text.substring(0, colon) : text;
    }

    /** Integration and authorizer URIs name the function inside {@code …/functions/<arn>/invocations}. */
    public static String functionOfUri(String uri) {
        var start = uri.indexOf("/functions/");
        var end = uri.lastIndexOf("/invocations");
        if (start < 0 || end < start) {
            throw new TemplateException("not a Lambda integration URI: " + uri);
        }
        return functionName(uri.substring(start + "/functions/".length(), end));
    }

    public String gatewayBase() {
        return gatewayBase;
    }

    Resource byRef(Resource from, JsonNode reference) {
        var logicalId = reference.path("Ref").asText(null);
        if (logicalId == null) {
            throw new TemplateException("expected a Ref in " + from.logicalId() + ", found " + reference);
        }
        return resource(from.stack().name(), logicalId);
    }
}
