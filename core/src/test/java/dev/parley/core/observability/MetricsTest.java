package dev.parley.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.logging.Rehearsing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private PrintStream standardOut;

    @BeforeEach
    void capture() {
        standardOut = System.out;
        System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(standardOut);
        Rehearsing.set(false);
    }

    @Test
    void flush_whenARehearsalIsUnderWay_writesNoEmfLineSinceTheInvocationIsNotTheFunctions() {
        var metrics = Metrics.forFunction("rehearsed");
        Rehearsing.set(true);

        metrics.count("Action.sendMessage", 1).flush();

        assertThat(written.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void flush_whenNoRehearsalIsUnderWay_writesOneEmfLine() {
        Metrics.forFunction("served").count("Action.sendMessage", 1).milliseconds("Latency", 12.5).flush();

        var line = written.toString(StandardCharsets.UTF_8);
        assertThat(line.lines()).hasSize(1);
        assertThat(line).contains("\"CloudWatchMetrics\"", "\"function\":\"served\"", "\"Action.sendMessage\":1.0", "\"Latency\":12.5");
    }
}
