package dev.parley.core.store.dynamodb;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The builder the immutable table schemas fill while reading an item: attribute values by name, turned into a
 * record once all are read. Records have no setters, and a schema built from code needs none of the reflection a
 * bean schema does at start-up.
 */
final class ItemValues {

    private final Map<String, Object> values = new HashMap<>();

    static <T> BiConsumer<ItemValues, T> set(String name) {
        return (builder, value) -> builder.values.put(name, value);
    }

    @SuppressWarnings("unchecked")
    <T> T get(String name) {
        return (T) values.get(name);
    }

    String string(String name) {
        return get(name);
    }

    long number(String name) {
        Long value = get(name);
        return value == null ? 0 : value;
    }

    boolean flag(String name) {
        Boolean value = get(name);
        return value != null && value;
    }
}
