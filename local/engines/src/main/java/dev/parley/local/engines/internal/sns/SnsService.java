package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.engines.LambdaInvoker;
import dev.parley.local.engines.PublishedMessage;
import dev.parley.local.engines.RequestCounts;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The state and actions of Parley's SNS: topics, subscriptions, platform applications and endpoints, publishing and delivery. */
public final class SnsService implements AutoCloseable {

    static final String FILTER_POLICY = "FilterPolicy";
    static final String FILTER_POLICY_SCOPE = "FilterPolicyScope";
    static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";
    static final String REDRIVE_POLICY = "RedrivePolicy";

    private static final Logger LOG = LoggerFactory.getLogger(SnsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of(FILTER_POLICY, FILTER_POLICY_SCOPE, RAW_MESSAGE_DELIVERY,
            REDRIVE_POLICY, "DeliveryPolicy", "SubscriptionRoleArn");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE = "RVhBTVBMRQ==";
    private static final String SIGNING_CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem";

    private final String region;
    private final String accountId;
    private final URI url;
    private final URI sqsUrl;
    private final SqsClient sqs;
    private final ExecutorService lambdaExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private volatile LambdaInvoker lambdaInvoker;
    private volatile RequestCounts counts;

    private final Map<String, Map<String, String>> topics = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> applications = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> endpointApplications = new ConcurrentHashMap<>();
    private final Map<String, List<PublishedMessage>> published = new ConcurrentHashMap<>();

    public SnsService(String region, String accountId, URI url, URI sqsUrl, SqsClient sqs) {
        this.region = region;
        this.accountId = accountId;
        this.url = url;
        this.sqsUrl = sqsUrl;
        this.sqs = sqs;
    }

    public void setLambdaInvoker(LambdaInvoker invoker) {
        this.lambdaInvoker = invoker;
    }

    /** Counts requests, publishes and deliveries from now on; {@code null} stops counting. */
    public void setCounts(RequestCounts counts) {
        this.counts = counts;
    }

    private void count(String name) {
        RequestCounts current = counts;
        if (current != null) {
            current.increment(name);
        }
    }

    public List<PublishedMessage> published(String arn) {
        List<PublishedMessage> messages = published.get(arn);
        return messages == null ? List.of() : List.copyOf(messages);
    }

    /** Runs one action and returns its XML response. */
    public String handle(QueryRequest request) {
        String action = request.get("Action");
        if (action == null) {
            throw new SnsException("MissingAction", 400, "Action is required");
        }
        count("sns.requests." + action);
        XmlResponse xml = new XmlResponse();
        switch (action) {
            case "CreateTopic" -> xml.element("TopicArn", createTopic(request));
            case "DeleteTopic" -> deleteTopic(request.required("TopicArn"));
            case "ListTopics" -> {
                xml.open("Topics");
                topics.keySet().stream().sorted().forEach(arn -> xml.open("member").element("TopicArn", arn).close("member"));
                xml.close("Topics");
            }
            case "GetTopicAttributes" -> xml.map("Attributes", topicAttributes(request.required("TopicArn")));
            case "SetTopicAttributes" -> topic(request.required("TopicArn")).put(request.required("AttributeName"),
                    request.get("AttributeValue") == null ? "" : request.get("AttributeValue"));
            case "Subscribe" -> xml.element("SubscriptionArn", subscribe(request));
            case "Unsubscribe" -> subscriptions.remove(request.required("SubscriptionArn"));
            case "GetSubscriptionAttributes" ->
                    xml.map("Attributes", subscriptionAttributes(subscription(request.required("SubscriptionArn"))));
            case "SetSubscriptionAttributes" -> setSubscriptionAttribute(subscription(request.required("SubscriptionArn")),
                    request.required("AttributeName"), request.get("AttributeValue") == null ? "" : request.get("AttributeValue"));
            case "ListSubscriptions" -> listSubscriptions(xml, null);
            case "ListSubscriptionsByTopic" -> listSubscriptions(xml, request.required("TopicArn"));
            case "Publish" -> xml.element("MessageId", publish(request, request.get("TopicArn"), request.get("TargetArn")));
            case "PublishBatch" -> publishBatch(request, xml);
            case "CreatePlatformApplication" -> xml.element("PlatformApplicationArn", createPlatformApplication(request));
            case "CreatePlatformEndpoint" -> xml.element("EndpointArn", createPlatformEndpoint(request));
            case "GetEndpointAttributes" -> xml.map("Attributes", endpoint(request.required("EndpointArn")));
            case "SetEndpointAttributes" -> endpoint(request.required("EndpointArn")).putAll(request.map("Attributes"));
            case "DeleteEndpoint" -> {
                endpoints.remove(request.required("EndpointArn"));
                endpointApplications.remove(request.required("EndpointArn"));
            }
            default -> throw new SnsException("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
        }
        return xml.document(action);
    }

    private String createTopic(QueryRequest request) {
        String name = request.required("Name");
        if (!TOPIC_NAME.matcher(name).matches()) {
            throw SnsException.invalidParameter("Topic Name");
        }
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
        topics.computeIfAbsent(arn, key -> {
            Map<String, String> attributes = new ConcurrentHashMap<>(request.map("Attributes"));
            attributes.putIfAbsent("DisplayName", "");
            if (name.endsWith(".fifo")) {
                attributes.putIfAbsent("FifoTopic", "true");
            }
            return attributes;
        });
        return arn;
    }

    private void deleteTopic(String arn) {
        topics.remove(arn);
        subscriptions.values().removeIf(subscription -> subscription.topicArn().equals(arn));
    }

    private Map<String, String> topic(String arn) {
        Map<String, String> topic = topics.get(arn);
        if (topic == null) {
            throw SnsException.notFound("Topic does not exist");
        }
        return topic;
    }

    private Map<String, String> topicAttributes(String arn) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", arn);
        attributes.put("Owner", accountId);
        attributes.putAll(topic(arn));
        long count = subscriptions.values().stream().filter(s -> s.topicArn().equals(arn)).count();
        attributes.put("SubscriptionsConfirmed", Long.toString(count));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        return attributes;
    }

    private synchronized String subscribe(QueryRequest request) {
        String topicArn = request.required("TopicArn");
        topic(topicArn);
        String protocol = request.required("Protocol");
        String endpoint = request.required("Endpoint");
        String service = switch (protocol) {
            case "sqs" -> "sqs";
            case "lambda" -> "lambda";
            default -> throw SnsException.invalidParameter("Invalid protocol type: " + protocol + " (this SNS delivers to sqs and lambda)");
        };
        if (!endpoint.startsWith("arn:aws:" + service + ":")) {
            throw SnsException.invalidParameter(protocol + " endpoint ARN");
        }
        Map<String, String> attributes = request.map("Attributes");
        for (String name : attributes.keySet()) {
            if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
                throw SnsException.invalidParameter("Attributes Reason: Unknown attribute " + name);
            }
        }
        Subscription subscription = subscriptions.values().stream()
                .filter(s -> s.topicArn().equals(topicArn) && s.protocol().equals(protocol) && s.endpoint().equals(endpoint))
                .findFirst()
                .orElseGet(() -> new Subscription(topicArn + ":" + UUID.randomUUID(), topicArn, protocol, endpoint));
        if (attributes.containsKey(FILTER_POLICY_SCOPE)) {
            subscription.setAttribute(FILTER_POLICY_SCOPE, attributes.get(FILTER_POLICY_SCOPE));
        }
        attributes.forEach((name, value) -> {
            if (!name.equals(FILTER_POLICY_SCOPE)) {
                subscription.setAttribute(name, value);
            }
        });
        subscriptions.put(subscription.arn(), subscription);
        return subscription.arn();
    }

    private Subscription subscription(String arn) {
        Subscription subscription = subscriptions.get(arn);
        if (subscription == null) {
            throw SnsException.notFound("Subscription does not exist");
        }
        return subscription;
    }

    private void setSubscriptionAttribute(Subscription subscription, String name, String value) {
        if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
            throw SnsException.invalidParameter("AttributeName");
        }
        subscription.setAttribute(name, value);
    }

    private Map<String, String> subscriptionAttributes(Subscription subscription) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("SubscriptionArn", subscription.arn());
        attributes.put("TopicArn", subscription.topicArn());
        attributes.put("Owner", accountId);
        attributes.put("Protocol", subscription.protocol());
        attributes.put("Endpoint", subscription.endpoint());
        attributes.put("ConfirmationWasAuthenticated", "true");
        attributes.put("PendingConfirmation", "false");
        attributes.put(RAW_MESSAGE_DELIVERY, "false");
        attributes.putAll(subscription.attributes());
        if (attributes.containsKey(FILTER_POLICY)) {
            attributes.putIfAbsent(FILTER_POLICY_SCOPE, FilterPolicy.Scope.MESSAGE_ATTRIBUTES.attributeValue());
        }
        return attributes;
    }

    private void listSubscriptions(XmlResponse xml, String topicArn) {
        if (topicArn != null) {
            topic(topicArn);
        }
        xml.open("Subscriptions");
        subscriptions.values().stream()
                .filter(s -> topicArn == null || s.topicArn().equals(topicArn))
                .sorted(Comparator.comparing(Subscription::arn))
                .forEach(s -> xml.open("member").element("SubscriptionArn", s.arn()).element("Owner", accountId)
                        .element("Protocol", s.protocol()).element("Endpoint", s.endpoint()).element("TopicArn", s.topicArn())
                        .close("member"));
        xml.close("Subscriptions");
    }

    private void publishBatch(QueryRequest request, XmlResponse xml) {
        String topicArn = request.required("TopicArn");
        topic(topicArn);
        List<QueryRequest> entries = request.members("PublishBatchRequestEntries");
        if (entries.isEmpty()) {
            throw new SnsException("EmptyBatchRequest", 400, "The batch request doesn't contain any entries.");
        }
        if (entries.size() > 10) {
            throw new SnsException("TooManyEntriesInBatchRequest", 400, "The batch request contains more entries than permissible.");
        }
        Set<String> ids = new HashSet<>();
        for (QueryRequest entry : entries) {
            if (!ids.add(entry.required("Id"))) {
                throw new SnsException("BatchEntryIdsNotDistinct", 400, "Two or more batch entries in the request have the same Id.");
            }
        }
        XmlResponse failed = new XmlResponse();
        xml.open("Successful");
        for (QueryRequest entry : entries) {
            try {
                String messageId = publish(entry, topicArn, null);
                xml.open("member").element("Id", entry.get("Id")).element("MessageId", messageId).close("member");
            } catch (SnsException e) {
                failed.open("member").element("Id", entry.get("Id")).element("Code", e.code()).element("Message", e.getMessage())
                        .element("SenderFault", "true").close("member");
            }
        }
        xml.close("Successful").open("Failed").raw(failed).close("Failed");
    }

    private String publish(QueryRequest request, String topicArn, String targetArn) {
        if (topicArn != null && targetArn != null) {
            throw SnsException.invalidParameter("TopicArn or TargetArn Reason: Only one of them may be given");
        }
        String arn = topicArn != null ? topicArn : targetArn;
        if (arn == null || arn.isEmpty()) {
            throw SnsException.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        String message = request.get("Message");
        if (message == null || message.isEmpty()) {
            throw SnsException.invalidParameter("Empty message");
        }
        String subject = request.get("Subject");
        if (subject != null && (subject.isEmpty() || subject.length() > 100)) {
            throw SnsException.invalidParameter("Subject");
        }
        JsonNode structure = null;
        if ("json".equals(request.get("MessageStructure"))) {
            try {
                structure = JSON.readTree(message);
            } catch (JsonProcessingException e) {
                throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
            }
            if (structure == null || !structure.isObject() || !structure.path("default").isTextual()) {
                throw SnsException.invalidParameter("Message Structure - No default entry in JSON message body");
            }
        }
        Map<String, MessageAttribute> attributes = request.messageAttributes("MessageAttributes");
        attributes.forEach((name, attribute) -> validate(name, attribute));
        boolean endpoint = arn.contains(":endpoint/");
        if (endpoint) {
            Map<String, String> target = endpoint(arn);
            if ("false".equalsIgnoreCase(target.get("Enabled"))) {
                throw new SnsException("EndpointDisabled", 400, "Endpoint is disabled");
            }
        } else {
            topic(arn);
        }
        count(endpoint ? "sns.publishes.endpoint" : "sns.publishes.topic");
        String messageId = UUID.randomUUID().toString();
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> values.put(name, attribute.value()));
        published.computeIfAbsent(arn, key -> new CopyOnWriteArrayList<>())
                .add(new PublishedMessage(arn, messageId, message, values, subject));
        if (!endpoint) {
            Notification notification = new Notification(arn, messageId, message, structure, subject, attributes,
                    request.get("MessageGroupId"), request.get("MessageDeduplicationId"), Instant.now());
            // As on AWS, a publish returns once the message is accepted; each subscription is delivered to on its own.
            for (Subscription subscription : List.copyOf(subscriptions.values())) {
                if (subscription.topicArn().equals(arn)) {
                    deliveries.execute(() -> deliverQuietly(subscription, notification));
                }
            }
        }
        return messageId;
    }

    private static void validate(String name, MessageAttribute attribute) {
        String type = attribute.dataType();
        if (!type.startsWith("String") && !type.startsWith("Number") && !type.startsWith("Binary")) {
            throw new SnsException("ParameterValueInvalid", 400,
                    "The message attribute '" + name + "' has an invalid message attribute type");
        }
        if (attribute.isNumber()) {
            try {
                new BigDecimal(attribute.stringValue());
            } catch (NumberFormatException | NullPointerException e) {
                throw new SnsException("ParameterValueInvalid", 400, "Could not cast message attribute '" + name + "' value to number.");
            }
        }
    }

    private record Notification(String topicArn, String messageId, String message, JsonNode structure, String subject,
                                Map<String, MessageAttribute> attributes, String groupId, String deduplicationId, Instant timestamp) {

        String messageFor(String protocol) {
            if (structure == null) {
                return message;
            }
            JsonNode specific = structure.path(protocol);
            return specific.isTextual() ? specific.textValue() : structure.path("default").textValue();
        }
    }

    private void deliverQuietly(Subscription subscription, Notification notification) {
        try {
            deliver(subscription, notification);
        } catch (RuntimeException e) {
            LOG.warn("SNS could not deliver {} to {}", notification.messageId(), subscription.endpoint(), e);
        }
    }

    private void deliver(Subscription subscription, Notification notification) {
        String message = notification.messageFor(subscription.protocol());
        FilterPolicy policy = subscription.filterPolicy();
        if (policy != null && !policy.matches(notification.attributes(), message)) {
            return;
        }
        count("sns.deliveries." + subscription.protocol());
        if (subscription.protocol().equals("lambda")) {
            deliverToLambda(subscription, notification, message);
        } else {
            deliverToQueue(subscription, notification, message);
        }
    }

    private void deliverToQueue(Subscription subscription, Notification notification, String message) {
        try {
            sendToQueue(subscription.endpoint(), subscription, notification, message);
        } catch (SdkException e) {
            String deadLetterArn = deadLetterArn(subscription);
            if (deadLetterArn == null) {
                LOG.warn("SNS could not deliver {} to {}", notification.messageId(), subscription.endpoint(), e);
                return;
            }
            try {
                sendToQueue(deadLetterArn, subscription, notification, message);
            } catch (SdkException deadLetterFailure) {
                deadLetterFailure.addSuppressed(e);
                LOG.warn("SNS could not deliver {} to {} nor to its dead-letter queue", notification.messageId(),
                        subscription.endpoint(), deadLetterFailure);
            }
        }
    }

    private static String deadLetterArn(Subscription subscription) {
        String redrive = subscription.attributes().get(REDRIVE_POLICY);
        if (redrive == null) {
            return null;
        }
        try {
            JsonNode target = JSON.readTree(redrive).path("deadLetterTargetArn");
            return target.isTextual() ? target.textValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void sendToQueue(String queueArn, Subscription subscription, Notification notification, String message) {
        String[] parts = queueArn.split(":", -1);
        String queueName = parts[parts.length - 1];
        String queueUrl = sqsUrl + "/" + parts[4] + "/" + queueName;
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queueUrl);
        if (subscription.rawMessageDelivery()) {
            send.messageBody(message);
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            notification.attributes().forEach((name, attribute) -> attributes.put(name, sqsAttribute(attribute)));
            send.messageAttributes(attributes);
        } else {
            send.messageBody(envelope(subscription, notification, message));
        }
        if (queueName.endsWith(".fifo")) {
            send.messageGroupId(notification.groupId() == null ? "default" : notification.groupId());
            send.messageDeduplicationId(notification.deduplicationId() == null ? notification.messageId() : notification.deduplicationId());
        }
        sqs.sendMessage(send.build());
    }

    private static MessageAttributeValue sqsAttribute(MessageAttribute attribute) {
        MessageAttributeValue.Builder value = MessageAttributeValue.builder().dataType(attribute.dataType());
        if (attribute.isBinary()) {
            value.binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(attribute.binaryValue())));
        } else {
            value.stringValue(attribute.stringValue());
        }
        return value.build();
    }

    private String envelope(Subscription subscription, Notification notification, String message) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", notification.messageId());
        envelope.put("TopicArn", notification.topicArn());
        if (notification.subject() != null) {
            envelope.put("Subject", notification.subject());
        }
        envelope.put("Message", message);
        envelope.put("Timestamp", TIMESTAMP.format(notification.timestamp()));
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", SIGNATURE);
        envelope.put("SigningCertURL", SIGNING_CERT_URL);
        envelope.put("UnsubscribeURL", unsubscribeUrl(subscription));
        if (!notification.attributes().isEmpty()) {
            envelope.set("MessageAttributes", attributesJson(notification.attributes()));
        }
        return envelope.toString();
    }

    private String unsubscribeUrl(Subscription subscription) {
        return url + "/?Action=Unsubscribe&SubscriptionArn=" + subscription.arn();
    }

    private static ObjectNode attributesJson(Map<String, MessageAttribute> attributes) {
        ObjectNode json = JSON.createObjectNode();
        attributes.forEach((name, attribute) -> json.putObject(name)
                .put("Type", attribute.isBinary() ? "Binary" : attribute.dataType())
                .put("Value", attribute.value()));
        return json;
    }

    private void deliverToLambda(Subscription subscription, Notification notification, String message) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscription.arn());
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("MessageId", notification.messageId());
        sns.put("TopicArn", notification.topicArn());
        sns.put("Subject", notification.subject());
        sns.put("Message", message);
        sns.put("Timestamp", TIMESTAMP.format(notification.timestamp()));
        sns.put("SignatureVersion", "1");
        sns.put("Signature", SIGNATURE);
        sns.put("SigningCertUrl", SIGNING_CERT_URL);
        sns.put("UnsubscribeUrl", unsubscribeUrl(subscription));
        sns.set("MessageAttributes", attributesJson(notification.attributes()));
        String json = event.toString();
        LambdaInvoker invoker = lambdaInvoker;
        if (invoker == null) {
            LOG.warn("SNS has no LambdaInvoker: message {} for {} dropped", notification.messageId(), subscription.endpoint());
            return;
        }
        lambdaExecutor.execute(() -> {
            try {
                invoker.invoke(subscription.endpoint(), json);
            } catch (Exception e) {
                LOG.warn("Lambda {} failed on SNS message {}", subscription.endpoint(), notification.messageId(), e);
            }
        });
    }

    private String createPlatformApplication(QueryRequest request) {
        String name = request.required("Name");
        String platform = request.required("Platform");
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":app/" + platform + "/" + name;
        applications.computeIfAbsent(arn, key -> new ConcurrentHashMap<>()).putAll(request.map("Attributes"));
        return arn;
    }

    private synchronized String createPlatformEndpoint(QueryRequest request) {
        String applicationArn = request.required("PlatformApplicationArn");
        if (!applications.containsKey(applicationArn)) {
            throw SnsException.notFound("PlatformApplication does not exist");
        }
        String token = request.required("Token");
        Map<String, String> attributes = new LinkedHashMap<>(request.map("Attributes"));
        if (request.get("CustomUserData") != null) {
            attributes.put("CustomUserData", request.get("CustomUserData"));
        }
        for (Map.Entry<String, String> existing : endpointApplications.entrySet()) {
            Map<String, String> endpoint = endpoints.get(existing.getKey());
            if (existing.getValue().equals(applicationArn) && endpoint != null && token.equals(endpoint.get("Token"))) {
                for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                    if (!attribute.getValue().equals(endpoint.get(attribute.getKey()))) {
                        throw SnsException.invalidParameter("Token Reason: Endpoint " + existing.getKey()
                                + " already exists with the same Token, but different attributes.");
                    }
                }
                return existing.getKey();
            }
        }
        String[] parts = applicationArn.split(":", 6)[5].split("/");
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":endpoint/" + parts[1] + "/" + parts[2] + "/" + UUID.randomUUID();
        Map<String, String> endpoint = new ConcurrentHashMap<>();
        endpoint.put("Enabled", "true");
        endpoint.putAll(attributes);
        endpoint.put("Token", token);
        endpoints.put(arn, endpoint);
        endpointApplications.put(arn, applicationArn);
        return arn;
    }

    private Map<String, String> endpoint(String arn) {
        Map<String, String> endpoint = endpoints.get(arn);
        if (endpoint == null) {
            throw SnsException.notFound("Endpoint does not exist");
        }
        return endpoint;
    }

    @Override
    public void close() {
        deliveries.shutdown();
        lambdaExecutor.shutdown();
        sqs.close();
    }
}
