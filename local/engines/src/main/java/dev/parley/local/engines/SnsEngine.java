package dev.parley.local.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.local.engines.internal.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Parley's own SNS on loopback, speaking the query protocol the AWS SDK uses: topics, {@code sqs} and {@code lambda}
 * subscriptions with filter policies and raw delivery (the SNS JSON envelope otherwise), {@code Publish} and
 * {@code PublishBatch}, and platform applications and endpoints, whose pushes are recorded.
 */
public final class SnsEngine implements AutoCloseable {

    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final URI url;
    private final String region;
    private final String accountId;
    private final SqsClient sqs;
    private final URI sqsUrl;
    private final Map<String, Map<String, String>> topics = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> applications = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> endpoints = new ConcurrentHashMap<>();
    private final Map<String, List<PublishedMessage>> published = new ConcurrentHashMap<>();
    private volatile LambdaInvoker lambdaInvoker;

    private record Subscription(String arn, String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
    }

    private static final class SnsFault extends RuntimeException {
        private final int status;
        private final String code;

        SnsFault(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private SnsEngine(HttpServer server, String region, String accountId, URI sqsUrl, String accessKeyId, String secretAccessKey) {
        this.server = server;
        this.url = Loopback.url(server.getAddress().getPort());
        this.region = region;
        this.accountId = accountId;
        this.sqsUrl = sqsUrl;
        this.sqs = SqsClient.builder().endpointOverride(sqsUrl).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SnsEngine start(int port, String region, String accountId, URI sqsUrl, String accessKeyId, String secretAccessKey)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, port), 0);
        var engine = new SnsEngine(server, region, accountId, sqsUrl, accessKeyId, secretAccessKey);
        server.createContext("/", engine::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return engine;
    }

    public URI url() {
        return url;
    }

    /** Where {@code lambda} subscriptions deliver; without one, deliveries to functions are dropped. */
    public void setLambdaInvoker(LambdaInvoker invoker) {
        this.lambdaInvoker = invoker;
    }

    /** Everything published to a topic or to a platform endpoint, oldest first. */
    public List<PublishedMessage> published(String topicOrEndpointArn) {
        return List.copyOf(published.getOrDefault(topicOrEndpointArn, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var query = exchange.getRequestURI().getRawQuery();
            var parameters = parse(body.isEmpty() && query != null ? query : body);
            var action = parameters.getOrDefault("Action", "");
            var requestId = UUID.randomUUID().toString();
            String result;
            int status = 200;
            try {
                result = "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + dispatch(action, parameters)
                        + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></"
                        + action + "Response>";
            } catch (SnsFault fault) {
                status = fault.status;
                result = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + fault.code + "</Code><Message>"
                        + xml(fault.getMessage()) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
            }
            var bytes = result.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String dispatch(String action, Map<String, String> p) {
        return switch (action) {
            case "CreateTopic" -> {
                var arn = arn(required(p, "Name"));
                topics.computeIfAbsent(arn, a -> new ConcurrentHashMap<>(entries(p, "Attributes")));
                yield "<TopicArn>" + arn + "</TopicArn>";
            }
            case "DeleteTopic" -> {
                topics.remove(required(p, "TopicArn"));
                subscriptions.values().removeIf(s -> s.topicArn().equals(p.get("TopicArn")));
                yield "";
            }
            case "ListTopics" -> "<Topics>" + String.join("", topics.keySet().stream().sorted()
                    .map(arn -> "<member><TopicArn>" + arn + "</TopicArn></member>").toList()) + "</Topics>";
            case "GetTopicAttributes" -> {
                var arn = required(p, "TopicArn");
                var attributes = new TreeMap<>(topic(arn));
                attributes.put("TopicArn", arn);
                attributes.put("SubscriptionsConfirmed", Long.toString(subscriptions.values().stream()
                        .filter(s -> s.topicArn().equals(arn)).count()));
                yield attributesXml(attributes);
            }
            case "SetTopicAttributes" -> {
                topic(required(p, "TopicArn")).put(required(p, "AttributeName"), p.getOrDefault("AttributeValue", ""));
                yield "";
            }
            case "Subscribe" -> {
                var topicArn = required(p, "TopicArn");
                topic(topicArn);
                var protocol = required(p, "Protocol");
                if (!protocol.equals("sqs") && !protocol.equals("lambda")) {
                    throw new SnsFault(400, "InvalidParameter", "Invalid parameter: Protocol " + protocol + " is not supported here");
                }
                var endpoint = required(p, "Endpoint");
                var attributes = new ConcurrentHashMap<>(entries(p, "Attributes"));
                validateFilter(attributes.get("FilterPolicy"));
                var existing = subscriptions.values().stream().filter(s -> s.topicArn().equals(topicArn) && s.protocol().equals(protocol)
                        && s.endpoint().equals(endpoint)).findFirst();
                var arn = existing.map(Subscription::arn).orElse(topicArn + ":" + UUID.randomUUID());
                subscriptions.put(arn, new Subscription(arn, topicArn, protocol, endpoint, attributes));
                yield "<SubscriptionArn>" + arn + "</SubscriptionArn>";
            }
            case "Unsubscribe" -> {
                subscriptions.remove(required(p, "SubscriptionArn"));
                yield "";
            }
            case "ListSubscriptions", "ListSubscriptionsByTopic" -> "<Subscriptions>" + String.join("", subscriptions.values().stream()
                    .filter(s -> !action.endsWith("ByTopic") || s.topicArn().equals(p.get("TopicArn")))
                    .map(s -> "<member><SubscriptionArn>" + s.arn() + "</SubscriptionArn><TopicArn>" + s.topicArn()
                            + "</TopicArn><Protocol>" + s.protocol() + "</Protocol><Endpoint>" + xml(s.endpoint())
                            + "</Endpoint><Owner>" + accountId + "</Owner></member>").toList()) + "</Subscriptions>";
            case "GetSubscriptionAttributes" -> {
                var subscription = subscription(required(p, "SubscriptionArn"));
                var attributes = new TreeMap<>(subscription.attributes());
                attributes.put("SubscriptionArn", subscription.arn());
                attributes.put("TopicArn", subscription.topicArn());
                attributes.put("Protocol", subscription.protocol());
                attributes.put("Endpoint", subscription.endpoint());
                yield attributesXml(attributes);
            }
            case "SetSubscriptionAttributes" -> {
                var name = required(p, "AttributeName");
                var value = p.getOrDefault("AttributeValue", "");
                if (name.equals("FilterPolicy")) {
                    validateFilter(value);
                }
                subscription(required(p, "SubscriptionArn")).attributes().put(name, value);
                yield "";
            }
            case "Publish" -> "<MessageId>" + publish(p.get("TopicArn") != null ? p.get("TopicArn") : required(p, "TargetArn"),
                    required(p, "Message"), p.get("Subject"), p.get("MessageStructure"), messageAttributes(p, "MessageAttributes"))
                    + "</MessageId>";
            case "PublishBatch" -> publishBatch(p);
            case "CreatePlatformApplication" -> {
                var arn = "arn:aws:sns:" + region + ":" + accountId + ":app/" + required(p, "Platform") + "/" + required(p, "Name");
                applications.put(arn, new ConcurrentHashMap<>(entries(p, "Attributes")));
                yield "<PlatformApplicationArn>" + arn + "</PlatformApplicationArn>";
            }
            case "CreatePlatformEndpoint" -> {
                var application = required(p, "PlatformApplicationArn");
                if (!applications.containsKey(application)) {
                    throw new SnsFault(404, "NotFound", "PlatformApplication does not exist");
                }
                var token = required(p, "Token");
                var existing = endpoints.entrySet().stream().filter(e -> token.equals(e.getValue().get("Token"))
                        && application.equals(e.getValue().get("PlatformApplicationArn"))).map(Map.Entry::getKey).findFirst();
                var arn = existing.orElse(application.replace(":app/", ":endpoint/") + "/" + UUID.randomUUID());
                var attributes = endpoints.computeIfAbsent(arn, a -> new ConcurrentHashMap<>());
                attributes.put("Token", token);
                attributes.put("PlatformApplicationArn", application);
                attributes.putIfAbsent("Enabled", "true");
                if (p.get("CustomUserData") != null) {
                    attributes.put("CustomUserData", p.get("CustomUserData"));
                }
                yield "<EndpointArn>" + arn + "</EndpointArn>";
            }
            case "GetEndpointAttributes" -> attributesXml(new TreeMap<>(endpoint(required(p, "EndpointArn"))));
            case "SetEndpointAttributes" -> {
                endpoint(required(p, "EndpointArn")).putAll(entries(p, "Attributes"));
                yield "";
            }
            case "DeleteEndpoint" -> {
                endpoints.remove(required(p, "EndpointArn"));
                yield "";
            }
            default -> throw new SnsFault(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        };
    }

    private String publishBatch(Map<String, String> p) {
        var topicArn = required(p, "TopicArn");
        var successful = new StringBuilder("<Successful>");
        for (int i = 1; p.containsKey("PublishBatchRequestEntries.member." + i + ".Id"); i++) {
            var prefix = "PublishBatchRequestEntries.member." + i + ".";
            var messageId = publish(topicArn, required(p, prefix + "Message"), p.get(prefix + "Subject"),
                    p.get(prefix + "MessageStructure"), messageAttributes(p, prefix + "MessageAttributes"));
            successful.append("<member><Id>").append(xml(p.get(prefix + "Id"))).append("</Id><MessageId>").append(messageId)
                    .append("</MessageId></member>");
        }
        return successful.append("</Successful><Failed/>").toString();
    }

    private String publish(String targetArn, String message, String subject, String structure, Map<String, String[]> attributes) {
        var messageId = UUID.randomUUID().toString();
        var plain = new LinkedHashMap<String, String>();
        attributes.forEach((name, typeAndValue) -> plain.put(name, typeAndValue[1]));
        var record = new PublishedMessage(targetArn, messageId, message, Map.copyOf(plain), subject);
        if (endpoints.containsKey(targetArn)) {
            if (!"true".equalsIgnoreCase(endpoints.get(targetArn).getOrDefault("Enabled", "true"))) {
                throw new SnsFault(400, "EndpointDisabled", "Endpoint is disabled");
            }
            published.computeIfAbsent(targetArn, a -> new CopyOnWriteArrayList<>()).add(record);
            return messageId;
        }
        topic(targetArn);
        if ("json".equals(structure)) {
            message = parseJson(message, "Message").path("default").asText(null);
            if (message == null) {
                throw new SnsFault(400, "InvalidParameter",
                        "Invalid parameter: Message Structure - No default entry in JSON message body");
            }
        }
        published.computeIfAbsent(targetArn, a -> new CopyOnWriteArrayList<>()).add(record);
        for (var subscription : subscriptions.values()) {
            if (subscription.topicArn().equals(targetArn) && matches(subscription.attributes(), attributes, message)) {
                deliver(subscription, messageId, message, subject, attributes);
            }
        }
        return messageId;
    }

    private void deliver(Subscription subscription, String messageId, String message, String subject, Map<String, String[]> attributes) {
        var raw = "true".equalsIgnoreCase(subscription.attributes().get("RawMessageDelivery"));
        var envelope = envelope(subscription, messageId, message, subject, attributes);
        if (subscription.protocol().equals("sqs")) {
            var parts = subscription.endpoint().split(":");
            var queueUrl = sqsUrl + "/" + parts[4] + "/" + parts[5];
            var sqsAttributes = new LinkedHashMap<String, MessageAttributeValue>();
            if (raw) {
                attributes.forEach((name, typeAndValue) -> sqsAttributes.put(name, MessageAttributeValue.builder()
                        .dataType(typeAndValue[0]).stringValue(typeAndValue[1]).build()));
            }
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(raw ? message : envelope.toString()).messageAttributes(sqsAttributes));
            return;
        }
        var invoker = lambdaInvoker;
        if (invoker != null) {
            var event = MAPPER.createObjectNode();
            var record = event.putArray("Records").addObject().put("EventSource", "aws:sns").put("EventVersion", "1.0")
                    .put("EventSubscriptionArn", subscription.arn());
            record.set("Sns", envelope);
            Thread.ofVirtual().start(() -> {
                try {
                    invoker.invoke(subscription.endpoint(), event.toString());
                } catch (Exception e) {
                    System.err.println("SNS delivery to " + subscription.endpoint() + " failed: " + e.getMessage());
                }
            });
        }
    }

    private ObjectNode envelope(Subscription subscription, String messageId, String message, String subject,
                                Map<String, String[]> attributes) {
        var envelope = MAPPER.createObjectNode().put("Type", "Notification").put("MessageId", messageId)
                .put("TopicArn", subscription.topicArn()).put("Message", message).put("Timestamp", Instant.now().toString())
                .put("SignatureVersion", "1").put("Signature", "").put("SigningCertURL", "").put("UnsubscribeURL", "");
        if (subject != null) {
            envelope.put("Subject", subject);
        }
        var messageAttributes = envelope.putObject("MessageAttributes");
        attributes.forEach((name, typeAndValue) -> messageAttributes.putObject(name).put("Type", typeAndValue[0])
                .put("Value", typeAndValue[1]));
        return envelope;
    }

    /** Filter policies as SNS documents them: keys AND together, values of one key OR; exact, prefix, anything-but, exists, numeric. */
    static boolean matches(Map<String, String> subscriptionAttributes, Map<String, String[]> attributes, String message) {
        var policy = subscriptionAttributes.get("FilterPolicy");
        if (policy == null || policy.isBlank()) {
            return true;
        }
        var onBody = "MessageBody".equals(subscriptionAttributes.get("FilterPolicyScope"));
        var rules = parseJson(policy, "FilterPolicy");
        JsonNode body = onBody ? parseJsonOrNull(message) : null;
        var names = rules.fieldNames();
        while (names.hasNext()) {
            var name = names.next();
            String value;
            if (onBody) {
                var field = body == null ? null : body.get(name);
                value = field == null || field.isNull() ? null : field.asText();
            } else {
                value = attributes.containsKey(name) ? attributes.get(name)[1] : null;
            }
            if (!matchesAny(rules.get(name), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(JsonNode conditions, String value) {
        for (var condition : conditions.isArray() ? conditions : MAPPER.createArrayNode().add(conditions)) {
            if (condition.isTextual() && condition.asText().equals(value)) {
                return true;
            }
            if (condition.isNumber() && value != null && isNumber(value) && Double.parseDouble(value) == condition.asDouble()) {
                return true;
            }
            if (condition.isObject()) {
                if (condition.has("exists") && condition.get("exists").asBoolean() == (value != null)) {
                    return true;
                }
                if (condition.has("prefix") && value != null && value.startsWith(condition.get("prefix").asText())) {
                    return true;
                }
                if (condition.has("anything-but") && value != null) {
                    var excluded = condition.get("anything-but");
                    var hit = false;
                    for (var candidate : excluded.isArray() ? excluded : MAPPER.createArrayNode().add(excluded)) {
                        hit |= candidate.asText().equals(value);
                    }
                    if (!hit) {
                        return true;
                    }
                }
                if (condition.has("numeric") && value != null && isNumber(value) && numeric(condition.get("numeric"),
                        Double.parseDouble(value))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean numeric(JsonNode comparisons, double value) {
        for (int i = 0; i + 1 < comparisons.size(); i += 2) {
            var bound = comparisons.get(i + 1).asDouble();
            var holds = switch (comparisons.get(i).asText()) {
                case "=" -> value == bound;
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                case ">" -> value > bound;
                case ">=" -> value >= bound;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void validateFilter(String policy) {
        if (policy != null && !policy.isBlank() && !parseJson(policy, "FilterPolicy").isObject()) {
            throw new SnsFault(400, "InvalidParameter", "Invalid parameter: FilterPolicy: not a JSON object");
        }
    }

    private static JsonNode parseJson(String text, String what) {
        var node = parseJsonOrNull(text);
        if (node == null) {
            throw new SnsFault(400, "InvalidParameter", "Invalid parameter: " + what + ": not JSON");
        }
        return node;
    }

    private static JsonNode parseJsonOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, String> topic(String arn) {
        var topic = topics.get(arn);
        if (topic == null) {
            throw new SnsFault(404, "NotFound", "Topic does not exist");
        }
        return topic;
    }

    private Subscription subscription(String arn) {
        var subscription = subscriptions.get(arn);
        if (subscription == null) {
            throw new SnsFault(404, "NotFound", "Subscription does not exist");
        }
        return subscription;
    }

    private Map<String, String> endpoint(String arn) {
        var endpoint = endpoints.get(arn);
        if (endpoint == null) {
            throw new SnsFault(404, "NotFound", "Endpoint does not exist");
        }
        return endpoint;
    }

    private String arn(String name) {
        if (!name.matches("[A-Za-z0-9_-]{1,256}(\\.fifo)?")) {
            throw new SnsFault(400, "InvalidParameter", "Invalid parameter: Topic Name");
        }
        return "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    }

    private static String required(Map<String, String> parameters, String name) {
        var value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new SnsFault(400, "InvalidParameter", "Invalid parameter: " + name + " is required");
        }
        return value;
    }

    /** {@code Prefix.entry.N.key} / {@code .value} pairs. */
    private static Map<String, String> entries(Map<String, String> parameters, String prefix) {
        var entries = new LinkedHashMap<String, String>();
        for (int i = 1; parameters.containsKey(prefix + ".entry." + i + ".key"); i++) {
            entries.put(parameters.get(prefix + ".entry." + i + ".key"), parameters.getOrDefault(prefix + ".entry." + i + ".value", ""));
        }
        return entries;
    }

    /** Message attributes as name to {data type, value}. */
    private static Map<String, String[]> messageAttributes(Map<String, String> parameters, String prefix) {
        var attributes = new LinkedHashMap<String, String[]>();
        for (int i = 1; parameters.containsKey(prefix + ".entry." + i + ".Name"); i++) {
            var entry = prefix + ".entry." + i + ".";
            attributes.put(parameters.get(entry + "Name"), new String[] {parameters.getOrDefault(entry + "Value.DataType", "String"),
                    parameters.getOrDefault(entry + "Value.StringValue", parameters.getOrDefault(entry + "Value.BinaryValue", ""))});
        }
        return attributes;
    }

    private static Map<String, String> parse(String form) {
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            var equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                    equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String attributesXml(Map<String, String> attributes) {
        var xml = new StringBuilder("<Attributes>");
        attributes.forEach((key, value) -> xml.append("<entry><key>").append(xml(key)).append("</key><value>").append(xml(value))
                .append("</value></entry>"));
        return xml.append("</Attributes>").toString();
    }

    private static String xml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        sqs.close();
    }
}
