package dev.parley.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.observability.Metrics;
import org.junit.jupiter.api.Test;

class QueueBatchesTest {

    private static void handle(String body) {
        switch (body) {
            case "malformed" -> throw new MalformedRecordException("event has no frame");
            case "number" -> throw new NumberFormatException("For input string: \"x\"");
            default -> {
            }
        }
    }

    @Test
    void process_whenOurParsingRejectsARecord_reportsItAndLogsItOnceAsPoison() {
        try (var output = CapturedOutput.start()) {
            var response = QueueBatches.process(LambdaEvents.sqs("ok", "malformed"), Metrics.forFunction("test"), QueueBatchesTest::handle);

            assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("m1");
            assertThat(output.logLines()).singleElement().satisfies(line -> {
                assertThat(line.path("level").asText()).isEqualTo("ERROR");
                assertThat(line.path("message").asText()).contains("dead-letter queue");
                assertThat(line.path("error").asText()).isEqualTo("event has no frame");
                assertThat(line.path("messageId").asText()).isEqualTo("m1");
            });
        }
    }

    @Test
    void process_whenARecordFailsWithAnIllegalArgumentOfAnotherKind_reportsItForRetryWithItsCause() {
        try (var output = CapturedOutput.start()) {
            var response = QueueBatches.process(LambdaEvents.sqs("number", "ok"), Metrics.forFunction("test"), QueueBatchesTest::handle);

            assertThat(response.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("m0");
            assertThat(output.logLines()).singleElement().satisfies(line -> {
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("message").asText()).contains("will be retried");
                assertThat(line.path("errorType").asText()).isEqualTo(NumberFormatException.class.getName());
                assertThat(line.path("messageId").asText()).isEqualTo("m0");
            });
        }
    }
}
