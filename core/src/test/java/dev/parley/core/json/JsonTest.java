package dev.parley.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parse_whenNumbersOfEverySize_keepsIntsLongsAndBigIntegersApartAndReadsFractionsAsDoubles() throws Exception {
        var tree = Json.parse("{\"i\":7,\"l\":8000000000,\"b\":123456789012345678901234567890,\"d\":1.5,\"e\":2e3}");

        assertThat(tree.get("i")).isEqualTo(IntNode.valueOf(7));
        assertThat(tree.get("l")).isEqualTo(LongNode.valueOf(8_000_000_000L));
        assertThat(tree.get("b")).isEqualTo(BigIntegerNode.valueOf(new BigInteger("123456789012345678901234567890")));
        assertThat(tree.get("d")).isEqualTo(DoubleNode.valueOf(1.5));
        assertThat(tree.get("e")).isEqualTo(DoubleNode.valueOf(2000.0));
    }

    @Test
    void parse_whenANameRepeats_keepsTheLastValueInTheFirstPlace() throws Exception {
        var tree = Json.parse("{\"a\":1,\"b\":2,\"a\":3}");

        assertThat(Json.write(tree)).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void parse_whenSomethingFollowsTheDocument_refusesIt() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> Json.parse("[1]]")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void parse_whenTextIsEmptyOrBlank_returnsTheMissingNode() throws Exception {
        assertThat(Json.parse("")).isSameAs(MissingNode.getInstance());
        assertThat(Json.parse(" \n")).isSameAs(MissingNode.getInstance());
    }

    @Test
    void parse_whenTextIsBroken_throwsAProcessingException() {
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.parse("nope")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void parse_whenNestedBeyondTheParsersLimit_refusesItWithoutOverflowingTheStack() {
        var deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void parseTrusted_whenTextIsBroken_throwsUnchecked() {
        assertThatThrownBy(() -> Json.parseTrusted("{")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void parse_whenReadFromAStreamInUtf16_detectsTheEncoding() throws IOException {
        var bytes = "{\"text\":\"grüße\"}".getBytes(StandardCharsets.UTF_16BE);

        assertThat(Json.parse(new ByteArrayInputStream(bytes)).get("text").textValue()).isEqualTo("grüße");
    }

    @Test
    void write_whenNodesOfEveryKind_writesTheirJson() {
        var tree = Json.object();
        tree.put("text", "a \"quoted\" \u0001 line\n");
        tree.putNull("none");
        tree.put("yes", true);
        tree.set("big", BigIntegerNode.valueOf(BigInteger.TWO.pow(70)));
        tree.set("decimal", DecimalNode.valueOf(new BigDecimal("0.10")));
        tree.put("float", 0.5f);
        tree.set("bytes", BinaryNode.valueOf(new byte[] {1, 2, 3}));
        tree.putArray("list").add(1).add(2L).add("x").addObject();

        assertThat(Json.write(tree)).isEqualTo("{\"text\":\"a \\\"quoted\\\" \\u0001 line\\n\",\"none\":null,\"yes\":true,"
                + "\"big\":1180591620717411303424,\"decimal\":0.10,\"float\":0.5,\"bytes\":\"AQID\",\"list\":[1,2,\"x\",{}]}");
    }

    @Test
    void write_whenANodeHoldsAnObject_refusesIt() {
        var tree = Json.object().putPOJO("thing", new Object());

        assertThatThrownBy(() -> Json.write(tree)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_whenToAStream_writesUtf8AndLeavesItOpen() throws IOException {
        var output = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };

        Json.write(JsonNodeFactory.instance.textNode("ü"), output);

        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("\"ü\"");
        assertThat(output.closed).isFalse();
    }
}
