package dev.parley.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class RehearsingTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final JsonLogger logger = new JsonLogger("rehearsed", Level.INFO, new BasicMDCAdapter(),
            new PrintStream(written, true, StandardCharsets.UTF_8));

    @AfterEach
    void end() {
        Rehearsing.set(false);
    }

    @Test
    void log_whenARehearsalIsUnderWay_writesNothing() {
        Rehearsing.set(true);

        logger.warn("a rehearsed invocation's warning");

        assertThat(written.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void log_whenTheRehearsalHasEnded_writesAgain() {
        Rehearsing.set(true);
        Rehearsing.set(false);

        logger.warn("a request's warning");

        assertThat(written.toString(StandardCharsets.UTF_8)).contains("a request's warning");
    }
}
