package dev.parley.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.CapturedOutput;
import dev.parley.core.fakes.TestContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InvocationLogTest {

    private final org.slf4j.Logger log = LoggerFactory.getLogger("dev.parley.core.logging.InvocationLogTest");

    @Test
    void begin_whenLinesAreLoggedDuringTheInvocation_eachCarriesTheRequestIdAndNoneAfterIt() throws Exception {
        var context = new TestContext("fanout");
        try (var output = CapturedOutput.start()) {
            InvocationLog.begin(context);
            try {
                log.info("on the invocation's thread");
                Thread.ofVirtual().start(() -> log.warn("on a thread the invocation started")).join();
            } finally {
                InvocationLog.end();
            }
            log.info("after the invocation");

            assertThat(output.logLines()).hasSize(3);
            assertThat(output.logLines().subList(0, 2)).allSatisfy(line ->
                    assertThat(line.path(InvocationLog.AWS_REQUEST_ID).asText()).isEqualTo(context.getAwsRequestId()));
            assertThat(output.logLines().get(2).has(InvocationLog.AWS_REQUEST_ID)).isFalse();
        }
    }

    @Test
    void begin_whenTheThreadServedAnotherInvocationBefore_dropsThatInvocationsFields() {
        var first = new TestContext("notify");
        var second = new TestContext("notify");
        try (var output = CapturedOutput.start()) {
            InvocationLog.begin(first);
            org.slf4j.MDC.put("messageId", "left behind");
            InvocationLog.begin(second);
            try {
                log.info("second invocation");
            } finally {
                InvocationLog.end();
            }

            assertThat(output.logLines()).singleElement().satisfies(line -> {
                assertThat(line.path(InvocationLog.AWS_REQUEST_ID).asText()).isEqualTo(second.getAwsRequestId());
                assertThat(line.has("messageId")).isFalse();
            });
        }
    }
}
