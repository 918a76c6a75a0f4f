package dev.parley.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions to local values: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::ImportValue} and the pseudo parameters. What a
 * resource's {@code Ref} or attribute means locally is asked of the deployment through two functions.
 */
public final class Intrinsics {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> pseudo;
    private final Map<String, String> exports = new HashMap<>();
    private final Map<String, JsonNode> outputs = new HashMap<>();
    private final BiFunction<String, String, String> refs;
    private final Function<String[], String> attributes;

    /**
     * @param refs       (stack, logicalId) to the local value of {@code Ref}
     * @param attributes {stack, logicalId, attribute} to the local value of {@code Fn::GetAtt}
     */
    public Intrinsics(String region, String accountId, BiFunction<String, String, String> refs, Function<String[], String> attributes) {
        this.pseudo = Map.of("AWS::Region", region, "AWS::AccountId", accountId, "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com", "AWS::NotificationARNs", "");
        this.refs = Objects.requireNonNull(refs, "refs");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
    }

    /** A stack's output, for {@code Fn::GetStackOutput} (the CDK's weak cross-stack references). */
    public void output(String stack, String name, JsonNode value) {
        outputs.put(stack + "/" + name, value);
    }

    public void export(String name, String value) {
        exports.put(name, value);
    }

    /** The value with every intrinsic replaced; plain values are returned as they are. */
    public JsonNode resolve(String stack, JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return value;
        }
        if (value.isArray()) {
            var resolved = NODES.arrayNode();
            value.forEach(element -> {
                var item = resolve(stack, element);
                if (item != null) {
                    resolved.add(item);
                }
            });
            return resolved;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            var name = value.fieldNames().next();
            var argument = value.get(name);
            switch (name) {
                case "Ref":
                    return TextNode.valueOf(ref(stack, argument.asText()));
                case "Fn::GetAtt":
                    return TextNode.valueOf(getAtt(stack, argument));
                case "Fn::Join":
                    return TextNode.valueOf(join(stack, argument));
                case "Fn::Sub":
                    return TextNode.valueOf(sub(stack, argument));
                case "Fn::Select":
                    return select(stack, argument);
                case "Fn::Split":
                    return split(stack, argument);
                case "Fn::ImportValue":
                    return TextNode.valueOf(importValue(stack, argument));
                case "Fn::GetStackOutput":
                    return TextNode.valueOf(stackOutput(stack, argument));
                default:
                    if (name.startsWith("Fn::") || name.equals("Condition")) {
                        throw new TemplateException("Parley Local does not support the intrinsic " + name + " (stack " + stack + ")");
                    }
            }
        }
        var resolved = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            resolved.set(field.getKey(), resolve(stack, field.getValue()));
        }
        return resolved;
    }

    public String resolveText(String stack, JsonNode value) {
        var resolved = resolve(stack, value);
        return resolved == null || resolved.isNull() || resolved.isMissingNode() ? null : resolved.asText();
    }

    private String ref(String stack, String name) {
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (name.equals("AWS::StackName")) {
            return stack;
        }
        if (name.equals("AWS::StackId")) {
            return "arn:aws:cloudformation:" + pseudo.get("AWS::Region") + ":" + pseudo.get("AWS::AccountId") + ":stack/" + stack
                    + "/local";
        }
        return refs.apply(stack, name);
    }

    private String getAtt(String stack, JsonNode argument) {
        String[] parts;
        if (argument.isArray()) {
            parts = new String[] {argument.get(0).asText(), argument.get(1).asText()};
        } else {
            var text = argument.asText();
            var dot = text.indexOf('.');
            parts = new String[] {text.substring(0, dot), text.substring(dot + 1)};
        }
        return attributes.apply(new String[] {stack, parts[0], parts[1]});
    }

    private String join(String stack, JsonNode argument) {
        var delimiter = argument.get(0).asText();
        var parts = resolve(stack, argument.get(1));
        var joined = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                joined.append(delimiter);
            }
            joined.append(parts.get(i).asText());
        }
        return joined.toString();
    }

    private String sub(String stack, JsonNode argument) {
        String text;
        Map<String, String> variables = new HashMap<>();
        if (argument.isArray()) {
            text = argument.get(0).asText();
            var given = argument.get(1);
            given.fieldNames().forEachRemaining(name -> variables.put(name, resolveText(stack, given.get(name))));
        } else {
            text = argument.asText();
        }
        var matcher = SUB_VARIABLE.matcher(text);
        var result = new StringBuilder();
        while (matcher.find()) {
            var variable = matcher.group(1);
            String value;
            if (variables.containsKey(variable)) {
                value = variables.get(variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                var dot = variable.indexOf('.');
                value = attributes.apply(new String[] {stack, variable.substring(0, dot), variable.substring(dot + 1)});
            } else {
                value = ref(stack, variable);
            }
            matcher.appendReplacement(result, java.util.regex.Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString().replace("${!", "${");
    }

    private JsonNode select(String stack, JsonNode argument) {
        var index = resolve(stack, argument.get(0)).asInt();
        var list = resolve(stack, argument.get(1));
        if (!list.isArray() || index >= list.size()) {
            throw new TemplateException("Fn::Select index " + index + " out of range in stack " + stack);
        }
        return list.get(index);
    }

    private ArrayNode split(String stack, JsonNode argument) {
        var delimiter = argument.get(0).asText();
        var source = resolveText(stack, argument.get(1));
        var parts = NODES.arrayNode();
        for (var part : source.split(Pattern.quote(delimiter), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private String importValue(String stack, JsonNode argument) {
        var name = resolveText(stack, argument);
        var value = exports.get(name);
        if (value == null) {
            throw new TemplateException("stack " + stack + " imports " + name + ", which no stack exports");
        }
        return value;
    }

    private String stackOutput(String stack, JsonNode argument) {
        var producer = resolveText(stack, argument.get("StackName"));
        var name = resolveText(stack, argument.get("OutputName"));
        var region = argument.has("Region") ? resolveText(stack, argument.get("Region")) : pseudo.get("AWS::Region");
        if (!pseudo.get("AWS::Region").equals(region)) {
            throw new TemplateException("stack " + stack + " reads an output of " + producer + " in " + region
                    + "; Parley Local runs one region");
        }
        var value = outputs.get(producer + "/" + name);
        if (value == null) {
            throw new TemplateException("stack " + stack + " reads output " + name + " of " + producer + ", which has no such output");
        }
        return resolveText(producer, value);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }
}
