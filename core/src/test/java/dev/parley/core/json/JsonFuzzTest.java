package dev.parley.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.fuzz.FrameArbitraries;
import dev.parley.core.fuzz.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** {@link Json} reads and writes what Jackson's own mapper does, on frames, mutated frames and arbitrary text. */
@AddLifecycleHook(FuzzBudget.class)
class JsonFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Property(tries = 1000)
    void parse_whenTextIsAFrameOrAMutationOfOne_agreesWithTheMapper(@ForAll("bodies") String text) throws Exception {
        assertSameReading(text);
    }

    @Property(tries = 500)
    void parse_whenTextIsArbitrary_agreesWithTheMapper(@ForAll("jsonish") String text) throws Exception {
        assertSameReading(text);
    }

    private static void assertSameReading(String text) throws Exception {
        JsonNode expected;
        try {
            expected = MAPPER.readTree(text);
        } catch (Exception refused) {
            expected = null;
        }
        JsonNode actual;
        try {
            actual = Json.parse(text);
        } catch (Exception refused) {
            actual = null;
        }
        assertThat(actual).isEqualTo(expected);
        if (actual != null) {
            assertThat(Json.write(actual)).isEqualTo(MAPPER.writeValueAsString(expected));
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return FrameArbitraries.bodies(FrameArbitraries.ACTION_NAMES);
    }

    @Provide
    Arbitrary<String> jsonish() {
        var tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"b\\u00e9\\n\"", "1", "-0", "2147483648",
                "9223372036854775808", "1.5e-3", "true", "false", "null", " ", "\"", "x");
        return tokens.list().ofMaxSize(30).map(list -> String.join("", list));
    }
}
