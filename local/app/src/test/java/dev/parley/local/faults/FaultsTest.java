package dev.parley.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.local.faults.Faults.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void parse_whenAllThenAGroupThenAPoint_laterPairsOverrideEarlierOnes() {
        var spec = Faults.Spec.parse("all=0.1, dynamodb=0.2, dynamodb.cancel=0.5, seed=42");

        assertThat(spec.seed()).isEqualTo(42);
        assertThat(spec.rate(Point.SNS_PUBLISH)).isEqualTo(0.1);
        assertThat(spec.rate(Point.DYNAMODB_THROTTLE)).isEqualTo(0.2);
        assertThat(spec.rate(Point.DYNAMODB_5XX)).isEqualTo(0.2);
        assertThat(spec.rate(Point.DYNAMODB_CANCEL)).isEqualTo(0.5);
        assertThat(Faults.Spec.parse(spec.describe())).isEqualTo(spec);
    }

    @Test
    void parse_whenTheNameIsUnknownOrTheRateOutOfRange_failsWithTheReason() {
        assertThatThrownBy(() -> Faults.Spec.parse("dynamo=0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault dynamo");
        assertThatThrownBy(() -> Faults.Spec.parse("sns=1.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Faults.Spec.parse("sns")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inject_whenTheSameSeedRunsAgain_failsTheSameCalls() {
        var first = decisions(Faults.Spec.parse("all=0.3,seed=7"));
        var again = decisions(Faults.Spec.parse("all=0.3,seed=7"));
        var otherSeed = decisions(Faults.Spec.parse("all=0.3,seed=8"));

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first.stream().filter(hit -> hit).count()).isBetween(200L, 400L);
    }

    @Test
    void inject_whenARateIsOneOrZero_alwaysOrNeverFails() {
        var faults = new Faults(Faults.Spec.parse("sns.publish=1,seed=3"));

        for (int i = 0; i < 100; i++) {
            assertThat(faults.inject(Point.SNS_PUBLISH)).isTrue();
            assertThat(faults.inject(Point.DYNAMODB_THROTTLE)).isFalse();
        }
        assertThat(faults.injected()).containsExactly(Map.entry("sns.publish", 100L));
    }

    @Test
    void crash_whenAnInstanceIsRegistered_runsItsExitAndMarksItDeadUntilUnregistered() {
        var faults = new Faults(Faults.Spec.none(1));
        var exits = new ArrayList<String>();
        faults.registerInstance("send-1", () -> exits.add("send-1"));

        faults.crash("send-1");

        assertThat(exits).containsExactly("send-1");
        assertThat(faults.isDead("send-1")).isTrue();
        faults.unregisterInstance("send-1");
        assertThat(faults.isDead("send-1")).isFalse();
    }

    private static List<Boolean> decisions(Faults.Spec spec) {
        var faults = new Faults(spec);
        var decisions = new ArrayList<Boolean>();
        for (int i = 0; i < 1000; i++) {
            decisions.add(faults.inject(Point.DYNAMODB_5XX));
        }
        return decisions;
    }
}
