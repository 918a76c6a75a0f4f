package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void queueUrl_whenSqsArn_isAccountAndNameUnderEndpoint() {
        assertThat(Engines.queueUrl(URI.create("http://127.0.0.1:9324"), "arn:aws:sqs:us-east-1:000000000000:fanout"))
                .isEqualTo("http://127.0.0.1:9324/000000000000/fanout");
    }

    @Test
    void queueUrl_whenNotSqsArn_throws() {
        assertThatThrownBy(() -> Engines.queueUrl(URI.create("http://127.0.0.1:9324"), "arn:aws:sns:us-east-1:000000000000:events"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void engineOptions_whenPortOutOfRange_throws() {
        assertThatThrownBy(() -> new EngineOptions(null, 70_000, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
