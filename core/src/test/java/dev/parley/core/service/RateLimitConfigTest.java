package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.MissingConfigurationException;
import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.MutableClock;
import dev.parley.core.protocol.RateLimitedException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

    @Test
    void read_whenNothingIsSet_isTheFiguresOfRateLimits() {
        var config = RateLimitConfig.read(new EnvironmentReader(Environment.of(Map.of())));

        assertThat(config).isEqualTo(RateLimitConfig.defaults());
        assertThat(config.of(RateLimits.SEND_MESSAGE)).isEqualTo(RateLimits.SEND_MESSAGE.perMinute());
    }

    @Test
    void read_whenAKindIsSet_replacesThatKindOnly() {
        var config = RateLimitConfig.read(new EnvironmentReader(Environment.of(Map.of("RATE_LIMIT_SEND_MESSAGE", "2"))));

        assertThat(config.of(RateLimits.SEND_MESSAGE)).isEqualTo(2);
        assertThat(config.of(RateLimits.TYPING)).isEqualTo(RateLimits.TYPING.perMinute());
    }

    @Test
    void read_whenAValueIsNotAPositiveInteger_failsNamingTheVariable() {
        var words = new EnvironmentReader(Environment.of(Map.of("RATE_LIMIT_TYPING", "many")));
        var zero = new EnvironmentReader(Environment.of(Map.of("RATE_LIMIT_REACT", "0")));

        assertThatThrownBy(() -> RateLimitConfig.read(words)).isInstanceOf(MissingConfigurationException.class)
                .hasMessageContaining("RATE_LIMIT_TYPING");
        assertThatThrownBy(() -> RateLimitConfig.read(zero)).isInstanceOf(MissingConfigurationException.class)
                .hasMessageContaining("RATE_LIMIT_REACT");
    }

    @Test
    void acquire_whenConfiguredLimitIsReached_isRateLimited() {
        var chat = new InMemoryChat();
        var limits = RateLimitConfig.read(new EnvironmentReader(Environment.of(Map.of("RATE_LIMIT_REACT", "1"))));
        var limiter = new RateLimiter(chat.throttleStore, new MutableClock(Instant.parse("2026-11-24T10:15:30Z")), limits);

        limiter.acquire("alice", RateLimits.REACT);

        assertThatThrownBy(() -> limiter.acquire("alice", RateLimits.REACT)).isInstanceOf(RateLimitedException.class);
    }
}
