package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbThrottleStoreIT {

    private static DynamoDbThrottleStore throttles;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbThrottleStoreIT.class);
        throttles = new DynamoDbThrottleStore(aws.dynamoDb(), names.throttles());
    }

    @Test
    void increment_whenRepeated_countsUp() {
        var key = "rate#alice#" + UUID.randomUUID();

        assertThat(throttles.increment(key, 100L)).isEqualTo(1L);
        assertThat(throttles.increment(key, 200L)).isEqualTo(2L);
        assertThat(throttles.increment(key, 300L)).isEqualTo(3L);
        assertThat(throttles.increment("rate#bob#" + UUID.randomUUID(), 100L)).isEqualTo(1L);
    }

    @Test
    void claim_whenHeld_isRefusedUntilExpiredOrReleased() {
        var key = "typing#c-1#alice#" + UUID.randomUUID();

        var first = throttles.claim(key, 105L, 100L);
        var whileHeld = throttles.claim(key, 110L, 104L);
        var afterExpiry = throttles.claim(key, 120L, 106L);
        throttles.release(key);
        var afterRelease = throttles.claim(key, 130L, 107L);

        assertThat(first).isTrue();
        assertThat(whileHeld).isFalse();
        assertThat(afterExpiry).isTrue();
        assertThat(afterRelease).isTrue();
    }

    @Test
    void take_whenHeld_removesItForOneCallerOnly() {
        var key = "undelivered#c-1#7#" + UUID.randomUUID();
        throttles.claim(key, 200L, 100L);

        var first = throttles.take(key, 150L);
        var second = throttles.take(key, 151L);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void take_whenExpiredOrNeverClaimed_isFalse() {
        var key = "undelivered#c-1#8#" + UUID.randomUUID();
        throttles.claim(key, 200L, 100L);

        assertThat(throttles.take(key, 201L)).isFalse();
        assertThat(throttles.take("undelivered#never#" + UUID.randomUUID(), 100L)).isFalse();
    }
}
