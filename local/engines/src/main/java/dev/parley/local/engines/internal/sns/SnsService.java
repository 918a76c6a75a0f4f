package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.engines.LambdaInvoker;
import dev.parley.local.engines.PublishedMessage;
import dev.parley.local.engines.RequestCounts;
import dev.parley.local.engines.internal.ElasticMqQueues;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions of Parley's SNS and its topics and publishing; subscriptions ({@link Subscriptions}), delivery
 * ({@link Deliveries}) and mobile push endpoints ({@link PlatformEndpoints}) each have their own class.
 */
public final class SnsService implements AutoCloseable {

    static final String FILTER_POLICY = "FilterPolicy";
    static final String FILTER_POLICY_SCOPE = "FilterPolicyScope";
    static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";
    static final String REDRIVE_POLICY = "RedrivePolicy";

    private static final Logger LOG = LoggerFactory.getLogger(SnsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    private final String region;
    private final String accountId;
    private final Deliveries deliveries;
    private final PlatformEndpoints platform;
    private volatile RequestCounts counts;

    private final Map<String, Map<String, String>> topics = new ConcurrentHashMap<>();
    private final Subscriptions subscriptions;
    private final Map<String, List<PublishedMessage>> published = new ConcurrentHashMap<>();

    public SnsService(String region, String accountId, URI url, ElasticMqQueues queues) {
        this.region = region;
        this.accountId = accountId;
        this.deliveries = new Deliveries(url, queues, this::count);
        this.platform = new PlatformEndpoints(region, accountId);
        this.subscriptions = new Subscriptions(accountId);
    }

    public void setLambdaInvoker(LambdaInvoker invoker) {
        deliveries.setLambdaInvoker(invoker);
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
            case "Subscribe" -> {
                topic(request.required("TopicArn"));
                xml.element("SubscriptionArn", subscriptions.subscribe(request));
            }
            case "Unsubscribe" -> subscriptions.remove(request.required("SubscriptionArn"));
            case "GetSubscriptionAttributes" ->
                    xml.map("Attributes", subscriptions.attributes(subscriptions.get(request.required("SubscriptionArn"))));
            case "SetSubscriptionAttributes" -> subscriptions.setAttribute(subscriptions.get(request.required("SubscriptionArn")),
                    request.required("AttributeName"), request.get("AttributeValue") == null ? "" : request.get("AttributeValue"));
            case "ListSubscriptions" -> subscriptions.list(xml, null);
            case "ListSubscriptionsByTopic" -> {
                topic(request.required("TopicArn"));
                subscriptions.list(xml, request.required("TopicArn"));
            }
            case "Publish" -> xml.element("MessageId", publish(request, request.get("TopicArn"), request.get("TargetArn")));
            case "PublishBatch" -> publishBatch(request, xml);
            case "CreatePlatformApplication" -> xml.element("PlatformApplicationArn", platform.createPlatformApplication(request));
            case "CreatePlatformEndpoint" -> xml.element("EndpointArn", platform.createPlatformEndpoint(request));
            case "GetEndpointAttributes" -> xml.map("Attributes", platform.endpoint(request.required("EndpointArn")));
            case "SetEndpointAttributes" -> platform.endpoint(request.required("EndpointArn")).putAll(request.map("Attributes"));
            case "DeleteEndpoint" -> platform.deleteEndpoint(request.required("EndpointArn"));
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
        subscriptions.removeTopic(arn);
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
        attributes.put("SubscriptionsConfirmed", Integer.toString(subscriptions.of(arn).size()));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        return attributes;
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
            Map<String, String> target = platform.endpoint(arn);
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
            for (Subscription subscription : subscriptions.of(arn)) {
                deliveries.deliverLater(subscription, notification);
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

    @Override
    public void close() {
        deliveries.close();
    }
}
