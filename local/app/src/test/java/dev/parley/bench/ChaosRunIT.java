package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.json.Json;
import dev.parley.local.RunningLocal;
import dev.parley.local.faults.Faults;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@code ./parley bench chaos} at 500 messages against the test JVM's Parley Local, faults at rate 0.1: its invariants. */
class ChaosRunIT {

    @Test
    void chaos_when500MessagesMeetFaultsAtRate10Percent_storesEveryAcceptedMessageOnceAndEveryMemberHasIt() throws Exception {
        var local = RunningLocal.get();
        local.faults().set(Faults.Spec.parse(ChaosRun.faultSpec(0.1, 1)));
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        try {
            var endpoints = Json.parseTrusted(new ObjectMapper().writeValueAsString(local.endpoints()));
            var target = Target.running(endpoints, http, "the Parley Local of this test");
            var users = new Users(http, target);

            var result = ChaosRun.run(target, users, System.out, 500, 20);

            assertThat(result.problems()).isEmpty();
            assertThat(result.accepted()).isEqualTo(500);
            assertThat(result.stored()).isEqualTo(500);
            assertThat(result.unique()).isEqualTo(500);
            assertThat(result.duplicates()).isZero();
            assertThat(result.everyMemberHas()).isEqualTo(500);
        } finally {
            local.faults().set(Faults.Spec.none(1));
        }
    }
}
