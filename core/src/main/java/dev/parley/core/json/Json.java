package dev.parley.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON text to and from the tree model, with Jackson's streaming parser and generator and no {@code ObjectMapper}:
 * frames and events are read and written field by field, and a mapper's start-up (its type factory, serializer and
 * deserializer caches, the introspection it does at first use) is most of what a function without SnapStart would
 * otherwise pay for JSON on its first call. The trees are those a mapper reads: ints, longs and big integers by size,
 * other numbers as doubles, the last of duplicate names kept, and nothing allowed after the document.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses JSON text; throws {@link JsonProcessingException} so callers decide what bad input means. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        try (var parser = FACTORY.createParser(text)) {
            return document(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON the program itself wrote, where a failure is a bug, not bad input. */
    public static JsonNode parseTrusted(String text) {
        try {
            return parse(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON document from {@code input}, to its end. */
    public static JsonNode parse(InputStream input) throws IOException {
        try (var parser = FACTORY.createParser(input)) {
            return document(parser);
        }
    }

    /** Writes {@code node} to {@code output}, leaving the stream open. */
    public static void write(JsonNode node, OutputStream output) throws IOException {
        try (var generator = FACTORY.createGenerator(output)) {
            write(node, generator);
        }
    }

    public static String write(JsonNode node) {
        var text = new StringWriter();
        try (var generator = FACTORY.createGenerator(text)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** An empty document is the missing node, as a mapper reads it; anything after the first value is an error. */
    private static JsonNode document(JsonParser parser) throws IOException {
        var first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        var root = value(parser, first);
        var trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after the document");
        }
        return root;
    }

    // The parser bounds the nesting depth (StreamReadConstraints), so the recursion is bounded too.
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                var object = object();
                for (var name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.replace(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                var array = array();
                for (var next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (var field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (var element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> writeNumber(node, generator);
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case BINARY -> generator.writeBinary(node.binaryValue());
            case NULL, MISSING -> generator.writeNull();
            default -> throw new IllegalArgumentException("a POJO node has no JSON of its own: " + node.getClass().getName());
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.numberType()) {
            case INT -> generator.writeNumber(node.intValue());
            case LONG -> generator.writeNumber(node.longValue());
            case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
            case FLOAT -> generator.writeNumber(node.floatValue());
            case DOUBLE -> generator.writeNumber(node.doubleValue());
            default -> generator.writeNumber(node.decimalValue());
        }
    }
}
