package dev.parley.local.engines.internal.sns;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The parameters of an AWS query-protocol request ({@code Action=…&Name.member.1=…}), with the SDK's list and map shapes. */
public final class QueryRequest {

    private final Map<String, String> parameters;

    QueryRequest(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /** Parses an {@code application/x-www-form-urlencoded} body or query string. */
    public static QueryRequest parse(String form) {
        Map<String, String> parameters = new HashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.put(name, value);
            }
        }
        return new QueryRequest(parameters);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String get(String name) {
        return parameters.get(name);
    }

    /** A parameter that must be present and not empty. */
    public String required(String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw SnsException.invalidParameter(name + " is required");
        }
        return value;
    }

    /** A string map sent as {@code prefix.entry.N.key} / {@code prefix.entry.N.value}. */
    public Map<String, String> map(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map<String, String> entry : indexed(prefix + ".entry.").values()) {
            String key = first(entry, "key", "Key", "Name");
            if (key != null) {
                result.put(key, first(entry, "value", "Value"));
            }
        }
        return result;
    }

    /** Message attributes sent as {@code prefix.entry.N.Name} / {@code .Value.DataType|StringValue|BinaryValue}. */
    public Map<String, MessageAttribute> messageAttributes(String prefix) {
        Map<String, MessageAttribute> result = new LinkedHashMap<>();
        for (Map<String, String> entry : indexed(prefix + ".entry.").values()) {
            String name = first(entry, "Name", "key", "Key");
            String dataType = first(entry, "Value.DataType", "value.DataType");
            if (name == null) {
                continue;
            }
            if (dataType == null || dataType.isEmpty()) {
                throw SnsException.invalidParameter("MessageAttributes: the attribute '" + name + "' has no DataType");
            }
            String string = first(entry, "Value.StringValue", "value.StringValue");
            String binary = first(entry, "Value.BinaryValue", "value.BinaryValue");
            if (string == null && binary == null) {
                throw SnsException.invalidParameter("MessageAttributes: the attribute '" + name + "' has no value");
            }
            result.put(name, new MessageAttribute(dataType, string, binary));
        }
        return result;
    }

    /** A list of structures sent as {@code prefix.member.N.field}, each as its own request, in N order. */
    public List<QueryRequest> members(String prefix) {
        List<QueryRequest> result = new ArrayList<>();
        for (Map<String, String> member : indexed(prefix + ".member.").values()) {
            result.add(new QueryRequest(member));
        }
        return result;
    }

    private Map<Integer, Map<String, String>> indexed(String prefix) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (!name.startsWith(prefix)) {
                continue;
            }
            String rest = name.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(rest.substring(0, dot));
            } catch (NumberFormatException e) {
                continue;
            }
            byIndex.computeIfAbsent(index, i -> new HashMap<>()).put(rest.substring(dot + 1), parameter.getValue());
        }
        return byIndex;
    }

    private static String first(Map<String, String> entry, String... names) {
        for (String name : names) {
            String value = entry.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
