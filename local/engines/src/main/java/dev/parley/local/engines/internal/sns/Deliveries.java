package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.engines.LambdaInvoker;
import dev.parley.local.engines.internal.ElasticMqQueues;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of published messages to subscriptions: the filter policy, then SQS (raw or in SNS's envelope, to the
 * subscription's dead-letter queue when the queue refuses) or Lambda (SNS's event, through the {@link LambdaInvoker}).
 */
final class Deliveries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE = "RVhBTVBMRQ==";
    private static final String SIGNING_CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem";

    private final URI url;
    private final ElasticMqQueues queues;
    private final Consumer<String> count;
    private final ExecutorService lambdaExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private volatile LambdaInvoker lambdaInvoker;

    /**
     * @param url   this SNS's endpoint, for the unsubscribe URL of each message
     * @param count counts each delivery by protocol
     */
    Deliveries(URI url, ElasticMqQueues queues, Consumer<String> count) {
        this.url = url;
        this.queues = queues;
        this.count = count;
    }

    void setLambdaInvoker(LambdaInvoker invoker) {
        this.lambdaInvoker = invoker;
    }

    /** Delivers on its own thread: a publish returns once the message is accepted, as on AWS. */
    void deliverLater(Subscription subscription, Notification notification) {
        deliveries.execute(() -> deliverQuietly(subscription, notification));
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
        count.accept("sns.deliveries." + subscription.protocol());
        if (subscription.protocol().equals("lambda")) {
            deliverToLambda(subscription, notification, message);
        } else {
            deliverToQueue(subscription, notification, message);
        }
    }

    private void deliverToQueue(Subscription subscription, Notification notification, String message) {
        try {
            sendToQueue(subscription.endpoint(), subscription, notification, message);
        } catch (RuntimeException e) {
            String deadLetterArn = deadLetterArn(subscription);
            if (deadLetterArn == null) {
                LOG.warn("SNS could not deliver {} to {}", notification.messageId(), subscription.endpoint(), e);
                return;
            }
            try {
                sendToQueue(deadLetterArn, subscription, notification, message);
            } catch (RuntimeException deadLetterFailure) {
                deadLetterFailure.addSuppressed(e);
                LOG.warn("SNS could not deliver {} to {} nor to its dead-letter queue", notification.messageId(),
                        subscription.endpoint(), deadLetterFailure);
            }
        }
    }

    private static String deadLetterArn(Subscription subscription) {
        String redrive = subscription.attributes().get(SnsService.REDRIVE_POLICY);
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
        String body;
        Map<String, ElasticMqQueues.Attribute> attributes = new LinkedHashMap<>();
        if (subscription.rawMessageDelivery()) {
            body = message;
            notification.attributes().forEach((name, attribute) -> attributes.put(name, sqsAttribute(attribute)));
        } else {
            body = envelope(subscription, notification, message);
        }
        String groupId = null;
        String deduplicationId = null;
        if (queueName.endsWith(".fifo")) {
            groupId = notification.groupId() == null ? "default" : notification.groupId();
            deduplicationId = notification.deduplicationId() == null ? notification.messageId() : notification.deduplicationId();
        }
        queues.send(queueName, body, attributes, groupId, deduplicationId);
    }

    private static ElasticMqQueues.Attribute sqsAttribute(MessageAttribute attribute) {
        if (attribute.isBinary()) {
            return new ElasticMqQueues.Attribute(attribute.dataType(), null, Base64.getDecoder().decode(attribute.binaryValue()));
        }
        return new ElasticMqQueues.Attribute(attribute.dataType(), attribute.stringValue(), null);
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

    @Override
    public void close() {
        deliveries.shutdown();
        lambdaExecutor.shutdown();
    }
}
