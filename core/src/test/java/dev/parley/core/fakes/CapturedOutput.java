package dev.parley.core.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.fuzz.OutputGate;
import dev.parley.core.json.Json;
import dev.parley.core.priming.Priming;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the code under test writes to standard output while the capture is open: Parley's log lines and metrics,
 * one JSON object a line. Tests run one at a time, so a capture holds only the lines of its own test.
 */
public final class CapturedOutput implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private CapturedOutput() {
    }

    public static CapturedOutput start() {
        var capture = new CapturedOutput();
        System.out.flush();
        OutputGate.tee(capture.bytes);
        return capture;
    }

    /**
     * Runs {@code step} {@code rounds} times with the output captured and returns the metric lines it wrote: run outside
     * Priming, a rehearsal writes its metrics, which tell the path it took.
     */
    public static List<JsonNode> metricLinesOf(Priming.Step step, int rounds) throws Exception {
        try (var output = start()) {
            for (var round = 0; round < rounds; round++) {
                step.run();
            }
            return output.metricLines();
        }
    }

    /** The log lines written so far (lines with a {@code level}), parsed. */
    public List<JsonNode> logLines() {
        return jsonLines().stream().filter(line -> line.has("level")).toList();
    }

    /** The EMF metric lines written so far (lines with an {@code _aws} directive), parsed. */
    public List<JsonNode> metricLines() {
        return jsonLines().stream().filter(line -> line.has("_aws")).toList();
    }

    private List<JsonNode> jsonLines() {
        System.out.flush();
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(line -> line.startsWith("{")).map(Json::parseTrusted).toList();
    }

    @Override
    public void close() {
        OutputGate.tee(null);
    }
}
