package dev.parley.core.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RehearsalTest {

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger built = new AtomicInteger();

    /** A handler that keeps each event it gets and answers {@code answer}. */
    private RequestStreamHandler answering(String answer) {
        built.incrementAndGet();
        return (input, output, context) -> {
            events.add(Json.parse(input));
            assertThat(context.getAwsRequestId()).isNotBlank();
            output.write(answer.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String frameAnswer(String type) {
        return Json.write(Json.object().put("statusCode", 200).put("body", Json.write(Json.object().put("type", type))));
    }

    @Test
    void action_whenRunRoundAfterRound_buildsTheHandlerOnceAndSendsTheFrameAsTheWorldsMember() throws Exception {
        var rehearsal = Rehearsal.action(() -> answering(frameAnswer("ack")),
                Json.object().put("action", "sendMessage").put("channelId", RehearsalWorld.CHANNEL_ID), Rehearsal.answeredWith("ack"));

        rehearsal.run();
        rehearsal.run();

        assertThat(built).hasValue(1);
        assertThat(events).hasSize(2);
        var context = events.getFirst().path("requestContext");
        assertThat(context.path("routeKey").asText()).isEqualTo("sendMessage");
        assertThat(context.path("connectionId").asText()).isEqualTo(RehearsalWorld.CONNECTION_ID);
        assertThat(context.path("authorizer").path("userId").asText()).isEqualTo(RehearsalWorld.USER_ID);
        assertThat(Json.parseTrusted(events.getFirst().path("body").asText()).path("channelId").asText())
                .isEqualTo(RehearsalWorld.CHANNEL_ID);
    }

    @Test
    void action_whenAnsweredWithAnErrorFrame_failsSinceItRanAnotherPathThanARequest() {
        var rehearsal = Rehearsal.action(() -> answering(frameAnswer("error")), Json.object().put("action", "sendMessage"),
                Rehearsal.answeredWith("ack"));

        assertThatThrownBy(rehearsal::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answered otherwise than a request would be");
    }

    @Test
    void lifecycle_whenAConnectIsAnsweredWithAFrame_fails() {
        var rehearsal = Rehearsal.lifecycle(() -> answering(frameAnswer("error")), "$connect", Rehearsal.answeredWithoutFrame());

        assertThatThrownBy(rehearsal::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lifecycle_whenAConnectIsAcceptedWithoutAFrame_passesAsAConnectEvent() throws Exception {
        var rehearsal = Rehearsal.lifecycle(() -> answering("{\"statusCode\":200}"), "$connect", Rehearsal.answeredWithoutFrame());

        rehearsal.run();

        assertThat(events.getFirst().path("requestContext").path("eventType").asText()).isEqualTo("CONNECT");
        assertThat(events.getFirst().has("body")).isFalse();
    }

    @Test
    void queue_whenABatchItemFailed_fails() throws Exception {
        var failed = Rehearsal.queue(() -> answering("{\"batchItemFailures\":[{\"itemIdentifier\":\"m\"}]}"), () -> "{}",
                Rehearsal.answeredWithoutFailures());
        var passed = Rehearsal.queue(() -> answering("{\"batchItemFailures\":[]}"), () -> "{\"v\":1}",
                Rehearsal.answeredWithoutFailures());

        assertThatThrownBy(failed::run).isInstanceOf(IllegalStateException.class);
        passed.run();
        assertThat(events.getLast().path("Records").get(0).path("body").asText()).isEqualTo("{\"v\":1}");
    }
}
