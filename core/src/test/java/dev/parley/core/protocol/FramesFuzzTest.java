package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fuzz.FrameArbitraries;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.fuzz.Outcomes;
import dev.parley.core.json.Json;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(FuzzBudget.class)
class FramesFuzzTest {

    @Property(tries = 1000)
    void parse_whenFrameIsValid_returnsItsActionAndRequestId(@ForAll("valid") String body) {
        var frame = Frames.parse(body);

        assertThat(frame.action().name()).isEqualTo(Json.parseTrusted(body).get("action").textValue());
        assertThat(frame.requestId()).isEqualTo(Frames.requestIdOf(body));
    }

    @Property(tries = 1000)
    void parse_whenBodyIsMutatedOrNoFrame_returnsAFrameOrRefusesWithAProtocolError(@ForAll("bodies") String body) {
        var requestId = Frames.requestIdOf(body);
        var frame = Outcomes.parsedOrNull(body);

        if (frame != null) {
            assertThat(frame.requestId()).isEqualTo(requestId);
            assertThat(FrameArbitraries.ACTION_NAMES).contains(frame.action().name());
        }
    }

    @Provide
    Arbitrary<String> valid() {
        return FrameArbitraries.valid(FrameArbitraries.ACTION_NAMES);
    }

    @Provide
    Arbitrary<String> bodies() {
        return FrameArbitraries.bodies(FrameArbitraries.ACTION_NAMES);
    }
}
