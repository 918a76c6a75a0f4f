package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.CreateRequest;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbCreateRequestStoreIT {

    private static DynamoDbCreateRequestStore requests;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbCreateRequestStoreIT.class);
        requests = new DynamoDbCreateRequestStore(aws.dynamoDb(), names.dedup());
    }

    private static String key() {
        return "createChannel:alice#" + UUID.randomUUID();
    }

    @Test
    void claim_whenTheKeyIsNew_storesTheRequest() {
        var request = new CreateRequest(key(), "c-first", "f1", 200L);

        assertThat(requests.claim(request, 100L)).isEqualTo(request);
    }

    @Test
    void claim_whenTheKeyIsHeld_returnsTheStoredRequestAndOverwritesNothing() {
        var key = key();
        var first = new CreateRequest(key, "c-first", "f1", 200L);
        requests.claim(first, 100L);

        var second = requests.claim(new CreateRequest(key, "c-second", "f2", 300L), 150L);

        assertThat(second).isEqualTo(first);
        assertThat(requests.claim(new CreateRequest(key, "c-third", "f1", 300L), 199L).channelId()).isEqualTo("c-first");
    }

    @Test
    void claim_whenTheStoredRequestHasExpired_takesTheKey() {
        var key = key();
        requests.claim(new CreateRequest(key, "c-old", "f1", 200L), 100L);

        var fresh = new CreateRequest(key, "c-new", "f2", 500L);

        assertThat(requests.claim(fresh, 200L)).isEqualTo(fresh);
        assertThat(requests.claim(new CreateRequest(key, "c-other", "f3", 600L), 300L)).isEqualTo(fresh);
    }

    @Test
    void claim_whenTwentyRequestsRaceForOneKey_allSeeTheSameWinner() throws Exception {
        var key = key();
        var start = new CountDownLatch(1);
        var results = new ArrayList<Future<CreateRequest>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                var request = new CreateRequest(key, "c-" + i, "f" + i, 200L);
                results.add(pool.submit(() -> {
                    start.await();
                    return requests.claim(request, 100L);
                }));
            }
            start.countDown();
            var winners = new java.util.HashSet<CreateRequest>();
            for (var result : results) {
                winners.add(result.get());
            }
            assertThat(winners).hasSize(1);
        }
    }
}
