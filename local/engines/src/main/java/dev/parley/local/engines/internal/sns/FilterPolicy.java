package dev.parley.local.engines.internal.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SNS subscription filter policy, as AWS documents it: every key must match (AND), any value listed for a key may
 * match (OR); values are exact strings, numbers, booleans or {@code null}, or operators {@code prefix}, {@code suffix},
 * {@code equals-ignore-case}, {@code anything-but} (a value, a list or a prefix), {@code numeric} ({@code =}, {@code <},
 * {@code <=}, {@code >}, {@code >=}, combined as a range) and {@code exists}; {@code $or} combines alternative policies.
 * Applied to the message attributes, or to the JSON message body (where policies nest like the body).
 */
public final class FilterPolicy {

    /** What a policy is applied to: the subscription attribute {@code FilterPolicyScope}. */
    public enum Scope {
        MESSAGE_ATTRIBUTES("MessageAttributes"),
        MESSAGE_BODY("MessageBody");

        private final String attributeValue;

        Scope(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        public String attributeValue() {
            return attributeValue;
        }

        /** Parses the attribute value; {@code null} means the default, message attributes. */
        public static Scope parse(String value) {
            if (value == null || value.isEmpty()) {
                return MESSAGE_ATTRIBUTES;
            }
            for (Scope scope : values()) {
                if (scope.attributeValue.equals(value)) {
                    return scope;
                }
            }
            throw SnsException.invalidParameter("FilterPolicyScope: must be MessageAttributes or MessageBody, not " + value);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> OPERATORS = Set.of("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists");
    private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

    private final JsonNode policy;
    private final Scope scope;

    private FilterPolicy(JsonNode policy, Scope scope) {
        this.policy = policy;
        this.scope = scope;
    }

    /**
     * Parses and checks a policy.
     *
     * @throws SnsException {@code InvalidParameter} when the policy is not one SNS would accept
     */
    public static FilterPolicy parse(String json, Scope scope) {
        JsonNode policy;
        try {
            policy = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw SnsException.invalidParameter("FilterPolicy: not JSON");
        }
        if (policy == null || !policy.isObject()) {
            throw SnsException.invalidParameter("FilterPolicy: must be a JSON object");
        }
        validateObject(policy, scope);
        return new FilterPolicy(policy, scope);
    }

    public Scope scope() {
        return scope;
    }

    /** Whether a message passes this policy. */
    public boolean matches(Map<String, MessageAttribute> attributes, String body) {
        if (scope == Scope.MESSAGE_ATTRIBUTES) {
            return matchesObject(policy, key -> attributeValues(attributes.get(key)));
        }
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (document == null || !document.isObject()) {
            return false;
        }
        return matchesBody(policy, document);
    }

    private interface Lookup {
        /** The values under a key, {@code null} when the key is absent. */
        List<JsonNode> values(String key);
    }

    private static boolean matchesBody(JsonNode policy, JsonNode document) {
        for (Map.Entry<String, JsonNode> field : policy.properties()) {
            boolean matched;
            if (field.getKey().equals("$or")) {
                matched = false;
                for (JsonNode alternative : field.getValue()) {
                    matched |= matchesBody(alternative, document);
                }
            } else if (field.getValue().isObject()) {
                JsonNode child = document.path(field.getKey());
                matched = matchesBody(field.getValue(), child.isObject() ? child : MissingNode.getInstance());
            } else {
                matched = matchesConditions(field.getValue(), bodyValues(document.path(field.getKey())));
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesObject(JsonNode policy, Lookup lookup) {
        for (Map.Entry<String, JsonNode> field : policy.properties()) {
            boolean matched;
            if (field.getKey().equals("$or")) {
                matched = false;
                for (JsonNode alternative : field.getValue()) {
                    matched |= matchesObject(alternative, lookup);
                }
            } else {
                matched = matchesConditions(field.getValue(), lookup.values(field.getKey()));
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> bodyValues(JsonNode node) {
        if (node.isMissingNode()) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    private static List<JsonNode> attributeValues(MessageAttribute attribute) {
        if (attribute == null) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        if (attribute.isBinary()) {
            return values;
        }
        if (attribute.isNumber()) {
            try {
                values.add(DecimalNode.valueOf(new BigDecimal(attribute.stringValue().trim())));
            } catch (NumberFormatException e) {
                values.add(TextNode.valueOf(attribute.stringValue()));
            }
            return values;
        }
        if (attribute.isStringArray()) {
            try {
                JsonNode array = JSON.readTree(attribute.stringValue());
                if (array != null && array.isArray()) {
                    array.forEach(values::add);
                    return values;
                }
            } catch (JsonProcessingException e) {
                values.add(TextNode.valueOf(attribute.stringValue()));
                return values;
            }
        }
        values.add(TextNode.valueOf(attribute.stringValue()));
        return values;
    }

    private static boolean matchesConditions(JsonNode conditions, List<JsonNode> values) {
        for (JsonNode condition : conditions) {
            if (matchesCondition(condition, values)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesCondition(JsonNode condition, List<JsonNode> values) {
        if (condition.isObject() && condition.has("exists")) {
            return condition.get("exists").asBoolean() == (values != null);
        }
        if (values == null) {
            return false;
        }
        if (!condition.isObject()) {
            return values.stream().anyMatch(value -> sameValue(condition, value));
        }
        Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> values.stream().anyMatch(v -> v.isTextual() && v.textValue().startsWith(operand.textValue()));
            case "suffix" -> values.stream().anyMatch(v -> v.isTextual() && v.textValue().endsWith(operand.textValue()));
            case "equals-ignore-case" ->
                    values.stream().anyMatch(v -> v.isTextual() && v.textValue().equalsIgnoreCase(operand.textValue()));
            case "anything-but" -> values.stream().anyMatch(v -> !excluded(operand, v));
            case "numeric" -> values.stream().anyMatch(v -> v.isNumber() && inRange(operand, v.decimalValue()));
            default -> false;
        };
    }

    private static boolean excluded(JsonNode operand, JsonNode value) {
        if (operand.isArray()) {
            for (JsonNode excluded : operand) {
                if (sameValue(excluded, value)) {
                    return true;
                }
            }
            return false;
        }
        if (operand.isObject() && operand.has("prefix")) {
            return value.isTextual() && value.textValue().startsWith(operand.get("prefix").textValue());
        }
        if (operand.isObject() && operand.has("suffix")) {
            return value.isTextual() && value.textValue().endsWith(operand.get("suffix").textValue());
        }
        return sameValue(operand, value);
    }

    private static boolean sameValue(JsonNode expected, JsonNode value) {
        if (expected.isNumber()) {
            return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (expected.isTextual()) {
            return value.isTextual() && expected.textValue().equals(value.textValue());
        }
        if (expected.isBoolean()) {
            return value.isBoolean() && expected.booleanValue() == value.booleanValue();
        }
        return expected.isNull() && value.isNull();
    }

    private static boolean inRange(JsonNode comparisons, BigDecimal value) {
        for (int i = 0; i + 1 < comparisons.size(); i += 2) {
            int order = value.compareTo(comparisons.get(i + 1).decimalValue());
            boolean holds = switch (comparisons.get(i).textValue()) {
                case "=" -> order == 0;
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                case ">=" -> order >= 0;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static void validateObject(JsonNode policy, Scope scope) {
        if (policy.isEmpty()) {
            throw SnsException.invalidParameter("FilterPolicy: empty policy");
        }
        for (Map.Entry<String, JsonNode> field : policy.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw SnsException.invalidParameter("FilterPolicy: $or needs a list of at least two policies");
                }
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw SnsException.invalidParameter("FilterPolicy: $or alternatives must be objects");
                    }
                    validateObject(alternative, scope);
                }
            } else if (value.isObject()) {
                if (scope != Scope.MESSAGE_BODY) {
                    throw SnsException.invalidParameter("FilterPolicy: nested keys need FilterPolicyScope MessageBody: " + field.getKey());
                }
                validateObject(value, scope);
            } else if (value.isArray() && !value.isEmpty()) {
                value.forEach(condition -> validateCondition(field.getKey(), condition));
            } else {
                throw SnsException.invalidParameter("FilterPolicy: " + field.getKey() + " must be a non-empty list");
            }
        }
    }

    private static void validateCondition(String key, JsonNode condition) {
        if (condition.isValueNode()) {
            return;
        }
        if (!condition.isObject() || condition.size() != 1) {
            throw SnsException.invalidParameter("FilterPolicy: " + key + " has an unsupported condition " + condition);
        }
        Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
        JsonNode operand = operator.getValue();
        boolean valid = switch (operator.getKey()) {
            case "prefix", "suffix", "equals-ignore-case" -> operand.isTextual();
            case "exists" -> operand.isBoolean();
            case "anything-but" -> operand.isValueNode() || operand.isArray()
                    || operand.isObject() && operand.size() == 1 && (operand.has("prefix") || operand.has("suffix"));
            case "numeric" -> validNumeric(operand);
            default -> false;
        };
        if (!valid || !OPERATORS.contains(operator.getKey())) {
            throw SnsException.invalidParameter("FilterPolicy: " + key + " has an unsupported condition " + condition);
        }
    }

    private static boolean validNumeric(JsonNode operand) {
        if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
            return false;
        }
        for (int i = 0; i < operand.size(); i += 2) {
            if (!operand.get(i).isTextual() || !NUMERIC_OPERATORS.contains(operand.get(i).textValue()) || !operand.get(i + 1).isNumber()) {
                return false;
            }
        }
        return true;
    }
}
