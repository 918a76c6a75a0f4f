package dev.parley.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void call_whenAResultNeedsNoRetry_returnsItWithoutAnotherAttempt() {
        var attempts = new AtomicInteger();

        var result = RetryPolicy.call(attempts::incrementAndGet, n -> n < 2);

        assertThat(result).isEqualTo(2);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void call_whenEveryResultNeedsARetry_stopsAfterTheLastAttemptWithItsResult() {
        var attempts = new AtomicInteger();

        var result = RetryPolicy.call(attempts::incrementAndGet, n -> true);

        assertThat(result).isEqualTo(RetryPolicy.ATTEMPTS);
        assertThat(attempts).hasValue(RetryPolicy.ATTEMPTS);
    }

    @Test
    void call_whenAnAttemptThrowsAndTheNextReturns_returnsThatResult() {
        var attempts = new AtomicInteger();

        var result = RetryPolicy.call(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first");
            }
            return "second";
        });

        assertThat(result).isEqualTo("second");
    }

    @Test
    void call_whenEveryAttemptThrows_throwsTheLastWithTheEarlierOnesSuppressed() {
        var attempts = new AtomicInteger();

        assertThatThrownBy(() -> RetryPolicy.call(() -> {
            throw new IllegalStateException("attempt " + attempts.incrementAndGet());
        })).hasMessage("attempt " + RetryPolicy.ATTEMPTS)
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactlyElementsOf(IntStream.range(1, RetryPolicy.ATTEMPTS).mapToObj(n -> "attempt " + n).toList()));
        assertThat(attempts).hasValue(RetryPolicy.ATTEMPTS);
    }

    @Test
    void ceilingMillis_whenAttemptsGoOn_doublesFromTheBaseAndStopsAtTheLastAttempt() {
        assertThat(RetryPolicy.ceilingMillis(1)).isEqualTo(RetryPolicy.BASE_PAUSE_MILLIS);
        assertThat(RetryPolicy.ceilingMillis(2)).isEqualTo(2 * RetryPolicy.BASE_PAUSE_MILLIS);
        assertThat(RetryPolicy.ceilingMillis(RetryPolicy.ATTEMPTS + 5)).isEqualTo(RetryPolicy.ceilingMillis(RetryPolicy.ATTEMPTS - 1));
    }
}
