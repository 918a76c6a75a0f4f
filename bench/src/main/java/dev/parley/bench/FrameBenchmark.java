package dev.parley.bench;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Frame;
import dev.parley.core.protocol.Frames;
import dev.parley.core.service.EventFrames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-request CPU work outside the network: parsing a frame, writing an event envelope and its frame. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {

    private final String sendFrame = "{\"action\":\"sendMessage\",\"requestId\":\"r-42\",\"channelId\":\"c-7hq3m9x2k1\","
            + "\"clientMsgId\":\"01JD5X7Q9ZB4\",\"text\":\"" + "Deploy finished, all green. ".repeat(8) + "\","
            + "\"attachments\":[{\"key\":\"attachments/c-7hq3m9x2k1/aaaaaaaaaaaaaaaaaaaa/report.pdf\"}]}";
    private final Event posted = new Event("posted:c-7hq3m9x2k1:1042", Event.MESSAGE_POSTED, "c-7hq3m9x2k1", "alice",
            1_795_515_330_000L, List.of(), EventFrames.message(new Message("c-7hq3m9x2k1", 1042, "m-abc", "alice",
            "Deploy finished, all green.", List.of(), 1_795_515_330_000L, null, false, Map.of("🎉", Set.of("bob", "carol")),
            "01JD5X7Q9ZB4", null, null)));
    private final String envelope = Json.write(posted.toJson());

    @Benchmark
    public Frame parseSendMessage() {
        return Frames.parse(sendFrame);
    }

    @Benchmark
    public String writeEnvelope() {
        return Json.write(posted.toJson());
    }

    @Benchmark
    public Event readEnvelope() throws Exception {
        return Event.fromJson(Json.parse(envelope));
    }
}
