package dev.parley.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One resource of a synthesized template, with the stack it belongs to. */
public record Resource(Stack stack, String logicalId, String type, JsonNode properties, JsonNode metadata) {

    public JsonNode property(String name) {
        var value = properties == null ? null : properties.get(name);
        return value == null ? MissingNode.getInstance() : value;
    }

    /** Stacks of one cloud assembly. */
    public record Stack(String name, JsonNode template) {
    }
}
