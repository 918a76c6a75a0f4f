package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.store.ThrottleStore;
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

    @Test
    void claimOrFindHolder_whenHeld_tellsWhenTheHoldEnds() {
        var key = "push#bob#c-1#" + UUID.randomUUID();

        var first = throttles.claimOrFindHolder(key, 160L, 100L);
        var whileHeld = throttles.claimOrFindHolder(key, 170L, 110L);
        var afterExpiry = throttles.claimOrFindHolder(key, 230L, 170L);

        assertThat(first).isEqualTo(new ThrottleStore.Claim(true, 160L));
        assertThat(whileHeld).isEqualTo(new ThrottleStore.Claim(false, 160L));
        assertThat(afterExpiry).isEqualTo(new ThrottleStore.Claim(true, 230L));
    }

    @Test
    void takeCount_whenCounted_returnsTheCountToOneCallerOnly() {
        var key = "held#bob#c-1#160#" + UUID.randomUUID();
        throttles.add(key, 1, 2000L);
        throttles.add(key, 2, 2000L);

        var first = throttles.takeCount(key);
        var second = throttles.takeCount(key);
        var afterAddingBack = throttles.add(key, first, 2000L);

        assertThat(first).isEqualTo(3L);
        assertThat(second).isZero();
        assertThat(afterAddingBack).isEqualTo(3L);
        assertThat(throttles.takeCount("held#never#" + UUID.randomUUID())).isZero();
    }
}
