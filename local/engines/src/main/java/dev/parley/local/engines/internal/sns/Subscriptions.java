package dev.parley.local.engines.internal.sns;

import static dev.parley.local.engines.internal.sns.SnsService.FILTER_POLICY;
import static dev.parley.local.engines.internal.sns.SnsService.FILTER_POLICY_SCOPE;
import static dev.parley.local.engines.internal.sns.SnsService.RAW_MESSAGE_DELIVERY;
import static dev.parley.local.engines.internal.sns.SnsService.REDRIVE_POLICY;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The subscriptions of every topic, with the attributes SNS accepts on them. */
final class Subscriptions {

    private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of(FILTER_POLICY, FILTER_POLICY_SCOPE, RAW_MESSAGE_DELIVERY,
            REDRIVE_POLICY, "DeliveryPolicy", "SubscriptionRoleArn");

    private final String accountId;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    Subscriptions(String accountId) {
        this.accountId = accountId;
    }

    /** Subscribes, or updates the attributes of the same topic, protocol and endpoint's subscription; the topic must exist. */
    synchronized String subscribe(QueryRequest request) {
        String topicArn = request.required("TopicArn");
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

    Subscription get(String arn) {
        Subscription subscription = subscriptions.get(arn);
        if (subscription == null) {
            throw SnsException.notFound("Subscription does not exist");
        }
        return subscription;
    }

    void setAttribute(Subscription subscription, String name, String value) {
        if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
            throw SnsException.invalidParameter("AttributeName");
        }
        subscription.setAttribute(name, value);
    }

    Map<String, String> attributes(Subscription subscription) {
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

    /** Lists the subscriptions of a topic, or all of them when {@code topicArn} is {@code null}. */
    void list(XmlResponse xml, String topicArn) {
        xml.open("Subscriptions");
        subscriptions.values().stream()
                .filter(s -> topicArn == null || s.topicArn().equals(topicArn))
                .sorted(Comparator.comparing(Subscription::arn))
                .forEach(s -> xml.open("member").element("SubscriptionArn", s.arn()).element("Owner", accountId)
                        .element("Protocol", s.protocol()).element("Endpoint", s.endpoint()).element("TopicArn", s.topicArn())
                        .close("member"));
        xml.close("Subscriptions");
    }

    void remove(String arn) {
        subscriptions.remove(arn);
    }

    void removeTopic(String topicArn) {
        subscriptions.values().removeIf(subscription -> subscription.topicArn().equals(topicArn));
    }

    /** The subscriptions of a topic as they are now. */
    List<Subscription> of(String topicArn) {
        return subscriptions.values().stream().filter(subscription -> subscription.topicArn().equals(topicArn)).toList();
    }
}
