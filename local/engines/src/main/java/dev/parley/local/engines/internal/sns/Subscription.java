package dev.parley.local.engines.internal.sns;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A confirmed subscription; attributes as set by Subscribe and SetSubscriptionAttributes. */
final class Subscription {

    private final String arn;
    private final String topicArn;
    private final String protocol;
    private final String endpoint;
    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private volatile FilterPolicy filterPolicy;

    Subscription(String arn, String topicArn, String protocol, String endpoint) {
        this.arn = arn;
        this.topicArn = topicArn;
        this.protocol = protocol;
        this.endpoint = endpoint;
    }

    String arn() {
        return arn;
    }

    String topicArn() {
        return topicArn;
    }

    String protocol() {
        return protocol;
    }

    String endpoint() {
        return endpoint;
    }

    Map<String, String> attributes() {
        return attributes;
    }

    FilterPolicy filterPolicy() {
        return filterPolicy;
    }

    boolean rawMessageDelivery() {
        return Boolean.parseBoolean(attributes.get(SnsService.RAW_MESSAGE_DELIVERY));
    }

    /** Sets one attribute, re-checking the filter policy against its scope. */
    synchronized void setAttribute(String name, String value) {
        switch (name) {
            case SnsService.FILTER_POLICY -> {
                if (value == null || value.isBlank()) {
                    filterPolicy = null;
                    attributes.remove(name);
                    return;
                }
                filterPolicy = FilterPolicy.parse(value, FilterPolicy.Scope.parse(attributes.get(SnsService.FILTER_POLICY_SCOPE)));
            }
            case SnsService.FILTER_POLICY_SCOPE -> {
                FilterPolicy.Scope scope = FilterPolicy.Scope.parse(value);
                String policy = attributes.get(SnsService.FILTER_POLICY);
                if (policy != null) {
                    filterPolicy = FilterPolicy.parse(policy, scope);
                }
            }
            case SnsService.RAW_MESSAGE_DELIVERY -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw SnsException.invalidParameter("RawMessageDelivery: must be true or false");
                }
                value = value.toLowerCase(Locale.ROOT);
            }
            default -> {
                // stored as given
            }
        }
        attributes.put(name, value);
    }
}
