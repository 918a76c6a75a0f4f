package dev.parley.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.logging.Rehearsing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @AfterEach
    void end() {
        Rehearsing.set(false);
    }

    @Test
    void flush_whenARehearsalIsUnderWay_writesNoEmfLineSinceTheInvocationIsNotTheFunctions() {
        try (var output = CapturedOutput.start()) {
            var metrics = Metrics.forFunction("rehearsed");
            Rehearsing.set(true);

            metrics.count("Action.sendMessage", 1).flush();

            assertThat(output.metricLines()).isEmpty();
        }
    }

    @Test
    void flush_whenNoRehearsalIsUnderWay_writesOneEmfLine() {
        try (var output = CapturedOutput.start()) {
            Metrics.forFunction("served").count("Action.sendMessage", 1).milliseconds("Latency", 12.5).flush();

            assertThat(output.metricLines()).singleElement().satisfies(line -> {
                assertThat(line.path("function").asText()).isEqualTo("served");
                assertThat(line.path("Action.sendMessage").asDouble()).isEqualTo(1.0);
                assertThat(line.path("Latency").asDouble()).isEqualTo(12.5);
                assertThat(line.path("_aws").path("CloudWatchMetrics")).hasSize(1);
            });
        }
    }
}
