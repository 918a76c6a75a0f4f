package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.engines.LambdaInvoker;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

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
    private final URI sqsUrl;
    private final SqsClient sqs;
    private final Consumer<String> count;
    private final ExecutorService lambdaExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private volatile LambdaInvoker lambdaInvoker;

    /**
     * @param url   this SNS's endpoint, for the unsubscribe URL of each message
     * @param count counts each delivery by protocol
     */
    Deliveries(URI url, URI sqsUrl, SqsClient sqs, Consumer<String> count) {
        this.url = url;
        this.sqsUrl = sqsUrl;
        this.sqs = sqs;
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

    @Override
    public void close() {
        deliveries.shutdown();
        lambdaExecutor.shutdown();
        sqs.close();
    }
}
